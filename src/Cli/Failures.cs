namespace SharedTyped.Cli;

/// <summary>A failure the tool itself detects, with the exit code it means.</summary>
internal sealed class CliFailure(ExitCode code, string message) : Exception(message)
{
    public ExitCode Code { get; } = code;
}

/// <summary>Turns what a command throws into one line on stderr and an <see cref="ExitCode"/>.</summary>
internal static class Failures
{
    public static ExitCode Run(CommandContext context, Func<CommandContext, ExitCode> run)
    {
        try
        {
            return run(context);
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            context.Error.WriteLine($"sharedtyped: {Message(e)}");
            if (code == ExitCode.Usage)
            {
                context.Error.WriteLine($"Run 'sharedtyped help {context.CommandName}' for its arguments and options.");
            }
            return code;
        }
    }

    /// <summary>The exit code for a failure the user can act on; null lets anything else crash loudly with its stack.</summary>
    public static ExitCode? Classify(Exception e) => e switch
    {
        CliFailure failure => failure.Code,
        FileNotFoundException or DirectoryNotFoundException or SharedArrayNotFoundException => ExitCode.NotFound,
        SharedArrayExistsException => ExitCode.Exists,
        SharedArrayFormatException or SharedArrayMismatchException or NotSupportedException or ArgumentException => ExitCode.Invalid,
        UnauthorizedAccessException => ExitCode.Denied,
        IOException => ExitCode.IOError,
        _ => null,
    };

    /// <summary>The message for people: an <see cref="ArgumentException"/>'s is shown without .NET's "(Parameter 'name')".</summary>
    public static string Message(Exception e) =>
        e is ArgumentException { ParamName: { } parameter } argument
            ? argument.Message.Replace($" (Parameter '{parameter}')", "", StringComparison.Ordinal)
            : e.Message;

    /// <summary>Refuses an invalid segment name before anything else is touched (a file, the directory), with the runtime's reason.</summary>
    public static void CheckName(string name) => SharedArray.ValidateName(name);
}
