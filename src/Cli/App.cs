using System.Reflection;
using SharedTyped.Cli.Commands;

namespace SharedTyped.Cli;

/// <summary>Parses the command line, runs one command, and turns failures into a message and an <see cref="ExitCode"/>.</summary>
internal static class App
{
    public static ExitCode Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var line = CommandLine.Parse(args);
            if (line.Help)
            {
                stdout.WriteLine(Usage.Text);
                return ExitCode.Ok;
            }
            if (line.Version)
            {
                stdout.WriteLine(typeof(App).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                return ExitCode.Ok;
            }
            var output = new Output(stdout, line.Json);
            return line.Command switch
            {
                "list" => ListCommand.Run(line, output),
                "info" => InfoCommand.Run(line, output),
                "rm" => RemoveCommand.Run(line, output, stderr),
                "load" => LoadCommand.Run(line, output, stderr),
                "save" => SaveCommand.Run(line, output),
                null => throw new UsageException("No command given."),
                var other => throw new UsageException($"Unknown command '{other}'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"sharedtyped: {e.Message}");
            stderr.WriteLine("Run 'sharedtyped --help' for the commands and options.");
            return ExitCode.Usage;
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            stderr.WriteLine($"sharedtyped: {e.Message}");
            return code;
        }
    }

    /// <summary>The exit code for a failure the user can act on; null lets anything else crash loudly with its stack.</summary>
    public static ExitCode? Classify(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => ExitCode.NotFound,
        SharedArrayExistsException => ExitCode.Exists,
        SharedArrayFormatException or SharedArrayMismatchException or NotSupportedException or ArgumentException => ExitCode.Invalid,
        UnauthorizedAccessException => ExitCode.Denied,
        IOException => ExitCode.IOError,
        _ => null,
    };
}
