using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary><c>help [COMMAND]</c>: the same text as <c>--help</c>, for people who type the word.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var command = new Command("help", "Show help for the tool or for one command");
        var topic = new Argument<string[]>("COMMAND") { Description = "The command to explain", Arity = ArgumentArity.ZeroOrMore, HelpName = "COMMAND" };
        topic.CompletionSources.Add(_ => root.Subcommands.Select(c => c.Name));
        command.Arguments.Add(topic);
        command.SetAction(parsed => root.Parse([.. parsed.GetValue(topic) ?? [], "--help"]).Invoke(parsed.InvocationConfiguration));
        return command;
    }
}
