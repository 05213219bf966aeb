using System.CommandLine;

namespace SharedTyped.Cli;

/// <summary>The options every command takes, declared once on the root and inherited by every command.</summary>
internal sealed class CommonOptions
{
    public Option<string?> Directory { get; } = new("--dir")
    {
        Description = "The shared-memory directory (default: $SHAREDTYPED_SHM_DIR, else /dev/shm)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON on stdout (errors still go to stderr)",
        Recursive = true,
    };

    /// <summary>A NAME argument whose completions are the segments in the directory given so far.</summary>
    public Argument<string> NameArgument(string description)
    {
        var argument = new Argument<string>("NAME") { Description = description, HelpName = "NAME" };
        argument.CompletionSources.Add(context => SegmentNames(context.ParseResult.GetValue(Directory)));
        return argument;
    }

    /// <summary>NAME... for commands that take several.</summary>
    public Argument<string[]> NamesArgument(string description)
    {
        var argument = new Argument<string[]>("NAME") { Description = description, Arity = ArgumentArity.OneOrMore, HelpName = "NAME" };
        argument.CompletionSources.Add(context => SegmentNames(context.ParseResult.GetValue(Directory)));
        return argument;
    }

    private static IEnumerable<string> SegmentNames(string? directory)
    {
        try
        {
            return SharedMemory.List(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Sets <paramref name="command"/>'s action: <paramref name="run"/> with its context, failures turned into a message and an exit code.</summary>
    public void SetAction(Command command, Func<CommandContext, ExitCode> run) =>
        command.SetAction(parsed =>
        {
            var context = new CommandContext(parsed, command.Name, new Output(parsed.InvocationConfiguration.Output, parsed.GetValue(Json)),
                parsed.InvocationConfiguration.Error, parsed.GetValue(Directory));
            return (int)Failures.Run(context, run);
        });
}

/// <summary>What a command's action works with.</summary>
internal sealed record CommandContext(System.CommandLine.ParseResult Parse, string CommandName, Output Output, TextWriter Error, string? Directory);
