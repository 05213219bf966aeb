using System.CommandLine;
using System.CommandLine.Invocation;

namespace SharedTyped.Cli;

/// <summary>
/// A wrong command line: each error on one line of stderr, a suggestion for a mistyped command or option, and where
/// to read more; no help text dumped on top. Exit code <see cref="ExitCode.Usage"/>.
/// </summary>
internal static class ParseErrors
{
    /// <summary>The root alone runs no command: say so, like any other usage error.</summary>
    public static void Configure(RootCommand root) => root.SetAction(parsed =>
    {
        Report(parsed, ["No command given."]);
        return (int)ExitCode.Usage;
    });

    /// <summary>Runs the parsed command, or reports what is wrong with the command line.</summary>
    public static int Invoke(ParseResult parsed, InvocationConfiguration configuration)
    {
        // Help, --version and the [suggest] directive run as they are.
        var runsCommand = parsed.Action is ParseErrorAction || ReferenceEquals(parsed.Action, parsed.CommandResult.Command.Action);
        var takenAsArguments = OptionsTakenAsArguments(parsed).Except(parsed.UnmatchedTokens).ToList();
        if (!runsCommand || (parsed.Errors.Count == 0 && takenAsArguments.Count == 0))
        {
            return parsed.Invoke(configuration);
        }
        var messages = parsed.Errors.Select(e => e.Message).Distinct().ToList();
        messages.AddRange(takenAsArguments.Select(t => $"Unrecognized option '{t}' (after '--' it would be taken as an argument)."));
        var unknown = parsed.UnmatchedTokens.Concat(takenAsArguments).ToList();
        foreach (var token in unknown)
        {
            if (Suggest(token, parsed.CommandResult.Command) is { } suggestion)
            {
                messages.Add($"Did you mean '{suggestion}' instead of '{token}'?");
            }
        }
        var error = configuration.Error ?? Console.Error;
        foreach (var message in messages)
        {
            error.WriteLine($"sharedtyped: {message}");
        }
        var command = parsed.CommandResult.Command;
        error.WriteLine(command is RootCommand
            ? "Run 'sharedtyped help' for the commands and options."
            : $"Run 'sharedtyped help {command.Name}' for its arguments and options.");
        return (int)ExitCode.Usage;
    }

    /// <summary>
    /// A mistyped option where arguments may stand (<c>rm NAME... --froce</c>) would be taken for an argument (a name
    /// to remove); before <c>--</c>, a word starting with a dash is meant as an option.
    /// </summary>
    private static IEnumerable<string> OptionsTakenAsArguments(ParseResult parsed) =>
        parsed.Tokens.TakeWhile(t => t.Type != System.CommandLine.Parsing.TokenType.DoubleDash)
            .Where(t => t.Type == System.CommandLine.Parsing.TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-')
            .Select(t => t.Value);

    private static void Report(ParseResult parsed, IEnumerable<string> errors)
    {
        var error = parsed.InvocationConfiguration.Error;
        foreach (var message in errors)
        {
            error.WriteLine($"sharedtyped: {message}");
        }
        error.WriteLine("Run 'sharedtyped help' for the commands and options.");
    }

    /// <summary>The closest command or option name of <paramref name="command"/>, if one is a plausible typo of <paramref name="token"/>.</summary>
    private static string? Suggest(string token, Command command)
    {
        var candidates = command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name))
            .Concat(command.Options.Concat(Inherited(command)).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Where(c => c.StartsWith('-') == token.StartsWith('-'))
            .Distinct();
        var limit = Math.Max(1, token.TrimStart('-').Length / 3);
        return candidates
            .Select(c => (Name: c, Distance: Distance(token, c)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>The recursive options of the commands above: <c>--dir</c> and <c>--json</c> work everywhere.</summary>
    private static IEnumerable<Option> Inherited(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive).Concat(Inherited(p)));

    /// <summary>Levenshtein distance, with a swap of two neighbours counting one (the commonest typo).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
