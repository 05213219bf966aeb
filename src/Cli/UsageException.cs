namespace SharedTyped.Cli;

/// <summary>The command line cannot be understood; the message says why and the exit code is <see cref="ExitCode.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
