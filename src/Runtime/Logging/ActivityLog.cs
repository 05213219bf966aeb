using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>cdxcore's <c>verbose</c> messages, sent to an optional <see cref="ILogger"/>; silent without one.</summary>
internal readonly struct ActivityLog(ILogger? logger)
{
    private static readonly Action<ILogger, string, string, string, long, Exception?> CreatedMessage =
        LoggerMessage.Define<string, string, string, long>(LogLevel.Information, new EventId(1, "Created"),
            "Created shared array '{Name}' of {ElementType} with shape {Shape} ({Bytes} bytes)");

    private static readonly Action<ILogger, string, string, string, bool, Exception?> AttachedMessage =
        LoggerMessage.Define<string, string, string, bool>(LogLevel.Information, new EventId(2, "Attached"),
            "Attached to shared array '{Name}' of {ElementType} with shape {Shape} (read-only: {ReadOnly})");

    private static readonly Action<ILogger, string, Exception?> DeletedMessage =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(3, "Deleted"), "Deleted shared array '{Name}'");

    private static readonly Action<ILogger, string, string, long, Exception?> LoadedMessage =
        LoggerMessage.Define<string, string, long>(LogLevel.Information, new EventId(4, "Loaded"),
            "Loaded shared array '{Name}' from '{File}' ({Bytes} bytes)");

    private static readonly Action<ILogger, string, Exception?> ClosedMessage =
        LoggerMessage.Define<string>(LogLevel.Debug, new EventId(5, "Closed"), "Closed shared array '{Name}'");

    private static readonly Action<ILogger, string, string, Exception?> SavedMessage =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(6, "Saved"), "Saved shared array '{Name}' to '{File}'");

    private static readonly Action<ILogger, string, string, double, Exception?> RemovalHandedOnMessage =
        LoggerMessage.Define<string, string, double>(LogLevel.Warning, new EventId(7, "RemovalHandedOn"),
            "Could not remove shared array '{Name}' now: another process keeps the directory '{Directory}' locked; retrying in the background for up to {Seconds} s");

    private static readonly Action<ILogger, string, Exception?> RemovedLaterMessage =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(8, "RemovedLater"), "Removed shared array '{Name}' after retrying");

    private static readonly Action<ILogger, string, string, Exception?> RemovalAbandonedMessage =
        LoggerMessage.Define<string, string>(LogLevel.Warning, new EventId(9, "RemovalAbandoned"),
            "Gave up removing shared array '{Name}': the directory '{Directory}' stayed locked; the name stays until removed (sharedtyped rm)");

    private static readonly Action<ILogger, string, string, Exception?> RemovedAtExitMessage =
        LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(10, "RemovedAtExit"),
            "Removed shared array '{Name}' (DeleteOnDispose, not disposed) as the process ends ({Reason})");

    public void RemovalHandedOn(string name, string directory, TimeSpan retryFor)
    {
        if (logger is not null) RemovalHandedOnMessage(logger, name, directory, retryFor.TotalSeconds, null);
    }

    public void RemovedLater(string name)
    {
        if (logger is not null) RemovedLaterMessage(logger, name, null);
    }

    public void RemovalAbandoned(string name, string directory)
    {
        if (logger is not null) RemovalAbandonedMessage(logger, name, directory, null);
    }

    public void RemovedAtExit(string name, string reason)
    {
        if (logger is not null) RemovedAtExitMessage(logger, name, reason, null);
    }

    // The shape is formatted only when there is a logger: create and attach format nothing without one.
    public void Created(string name, string elementType, long[] shape, long bytes)
    {
        if (logger is not null) CreatedMessage(logger, name, elementType, Describe.Shape(shape), bytes, null);
    }

    public void Attached(string name, string elementType, long[] shape, bool readOnly)
    {
        if (logger is not null) AttachedMessage(logger, name, elementType, Describe.Shape(shape), readOnly, null);
    }

    public void Deleted(string name)
    {
        if (logger is not null) DeletedMessage(logger, name, null);
    }

    public void Loaded(string name, string file, long bytes)
    {
        if (logger is not null) LoadedMessage(logger, name, file, bytes, null);
    }

    public void Closed(string name)
    {
        if (logger is not null) ClosedMessage(logger, name, null);
    }

    public void Saved(string name, string file)
    {
        if (logger is not null) SavedMessage(logger, name, file, null);
    }
}
