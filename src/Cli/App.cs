using System.CommandLine;
using SharedTyped.Cli.Commands;

namespace SharedTyped.Cli;

/// <summary>
/// The command tree on System.CommandLine: help for every command (<c>--help</c> and <c>sharedtyped help COMMAND</c>),
/// suggestions for typos, and completions (the <c>[suggest]</c> directive, segment names included).
/// A new command is one file in Commands/ and one line in <see cref="Commands"/>.
/// </summary>
internal static class App
{
    public const string Description = "sharedtyped: inspect and manage the named shared arrays of SharedTyped and cdxcore.npshm";

    /// <summary>Every command, in the order help lists them.</summary>
    private static IEnumerable<Command> Commands(CommonOptions common) =>
    [
        ListCommand.Create(common),
        InfoCommand.Create(common),
        RemoveCommand.Create(common),
        LoadCommand.Create(common),
        SaveCommand.Create(common),
        DoctorCommand.Create(common),
        ServeCommand.Create(common),
        PullCommand.Create(common),
        CompletionCommand.Create(),
    ];

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parsed = root.Parse(args);
        return ParseErrors.Invoke(parsed, new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var root = new RootCommand(Description);
        root.Options.Add(common.Directory);
        root.Options.Add(common.Json);
        foreach (var command in Commands(common))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(HelpCommand.Create(root));
        HelpText.Extend(root);
        ParseErrors.Configure(root);
        return root;
    }
}
