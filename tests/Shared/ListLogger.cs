using Microsoft.Extensions.Logging;

namespace SharedTyped.TestSupport;

/// <summary>One message a logger received, with its structured values.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>An <see cref="ILogger"/> that keeps every message, for asserting on what the runtime reports.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>Every message so far, with its values.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Every message so far: its level and text.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Messages => [.. Entries.Select(e => (e.Level, e.Message))];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : new Dictionary<string, object?>();
        lock (_entries)
        {
            _entries.Add(new LogEntry(logLevel, eventId, formatter(state, exception), values));
        }
    }

    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
        }
    }
}
