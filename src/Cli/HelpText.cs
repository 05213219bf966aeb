using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SharedTyped.Cli;

/// <summary>The help System.CommandLine writes, followed on the root by what the exit codes mean, so that scripts know what to test for.</summary>
internal static class HelpText
{
    public const string ExitCodes = """
        Exit codes:
          0  ok
          1  usage: unknown command or option, wrong number of arguments
          2  not found: no such segment or file
          3  invalid: not a shared array, corrupt or unsupported file, type or shape mismatch, invalid name
          4  exists: the segment name is taken
          5  denied: permission denied, or owned by another user
          6  I/O error: for example, the shared-memory file system is full
        """;

    public static void Extend(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithExitCodes((HelpAction)help.Action!);
    }

    private sealed class WithExitCodes(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes);
            }
            return result;
        }
    }
}
