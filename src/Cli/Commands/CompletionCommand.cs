using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>completion bash</c>: a script that asks the tool itself what may come next (System.CommandLine's
/// <c>[suggest:POSITION]</c> directive, which also completes segment names), for <c>source &lt;(sharedtyped completion bash)</c>.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # sharedtyped completion for bash: source <(sharedtyped completion bash)
        _sharedtyped_complete() {
          local IFS=$'\n'
          local line="${COMP_LINE#* }"
          local point=$((COMP_POINT - ${#COMP_LINE} + ${#line}))
          COMPREPLY=($(compgen -W "$(sharedtyped "[suggest:${point}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _sharedtyped_complete sharedtyped
        """;

    public static Command Create()
    {
        var command = new Command("completion", "Print a shell script that completes commands, options and segment names (bash)");
        var shell = new Argument<string>("SHELL") { Description = "The shell: bash" };
        shell.AcceptOnlyFromAmong("bash");
        command.Arguments.Add(shell);
        command.SetAction(parsed =>
        {
            parsed.InvocationConfiguration.Output.WriteLine(Bash);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
