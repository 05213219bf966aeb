namespace SharedTyped.Cli;

/// <summary>A failure the tool itself detects, with the exit code it means.</summary>
internal sealed class CliFailure(ExitCode code, string message) : Exception(message)
{
    public ExitCode Code { get; } = code;
}

/// <summary>Turns what a command throws into one line on stderr and an <see cref="ExitCode"/>.</summary>
internal static class Failures
{
    /// <summary>
    /// On Windows a segment lasts only while some process holds it (docs/guarantees.md, "Windows"): what a
    /// command made goes when the command ends unless another process has it open, and the user is told so.
    /// </summary>
    public static void WarnWindowsLifetime(TextWriter error, string name)
    {
        if (OperatingSystem.IsWindows())
        {
            error.WriteLine($"sharedtyped: note: on Windows a segment lasts while a process holds it; {name} goes when this command ends unless another process has it open.");
        }
    }

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

    /// <summary>
    /// The exit code for a failure the user can act on, by the kind of failure the Flight server's statuses use too
    /// (src/Shared/Errors/FailureKind.cs); null lets anything else (a bug, a cancellation) crash loudly with its stack.
    /// </summary>
    public static ExitCode? Classify(Exception e) => e is CliFailure failure ? failure.Code : FailureKinds.Of(e) switch
    {
        FailureKind.NotFound => ExitCode.NotFound,
        FailureKind.Exists => ExitCode.Exists,
        FailureKind.Denied => ExitCode.Denied,
        FailureKind.Mismatch or FailureKind.InvalidRequest => ExitCode.Invalid,
        FailureKind.OutOfSpace or FailureKind.IOError => ExitCode.IOError,
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
