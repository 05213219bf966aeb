using Microsoft.Extensions.Logging;

namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>Keeps every message logged to it, to check what the generated members pass to the runtime's logging.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Messages)
        {
            Messages.Add((logLevel, formatter(state, exception)));
        }
    }
}
