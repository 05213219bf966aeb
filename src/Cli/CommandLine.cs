namespace SharedTyped.Cli;

/// <summary>A parsed command line: the command, its positional arguments and the options.</summary>
internal sealed record CommandLine(string? Command, IReadOnlyList<string> Arguments, string? Directory, bool Json, bool Help,
    bool Version, bool Progress, bool AcceptExisting, bool Force, string? TimeUnit)
{
    /// <summary>
    /// Options may stand anywhere; <c>--</c> ends them, so that a name starting with a dash can still be given.
    /// </summary>
    /// <exception cref="UsageException">An unknown option, or an option without its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? command = null, directory = null, timeUnit = null;
        bool json = false, help = false, version = false, progress = false, acceptExisting = false, force = false, optionsEnded = false;
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                if (command is null) command = arg;
                else positional.Add(arg);
                continue;
            }
            switch (arg)
            {
                case "--":
                    optionsEnded = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "--progress":
                    progress = true;
                    break;
                case "--accept-existing":
                    acceptExisting = true;
                    break;
                case "--force":
                    force = true;
                    break;
                case "--dir":
                    directory = Value(args, ref i, "a directory");
                    break;
                case "--time-unit":
                    timeUnit = Value(args, ref i, "a numpy time unit such as ns");
                    break;
                default:
                    throw new UsageException($"Unknown option '{arg}'.");
            }
        }
        return new CommandLine(command, positional, directory, json, help, version, progress, acceptExisting, force, timeUnit);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string what)
    {
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"{args[i]} needs {what}.");
        }
        return args[++i];
    }

    /// <summary>Throws unless the command got between <paramref name="min"/> and <paramref name="max"/> arguments.</summary>
    public void ExpectArguments(int min, int max, string synopsis)
    {
        if (Arguments.Count < min || Arguments.Count > max)
        {
            throw new UsageException($"Usage: sharedtyped {synopsis}");
        }
    }
}
