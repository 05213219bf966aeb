namespace SharedTyped.Flight;

/// <summary>How a client connects to a Flight server.</summary>
public sealed record FlightConnectionOptions
{
    /// <summary>No token, a 64 MiB message limit, 5-minute calls, keep-alive pings every 20 s.</summary>
    public static FlightConnectionOptions Default { get; } = new();

    /// <summary>The server's bearer token, sent as <c>authorization: Bearer TOKEN</c> on every call; none when <c>null</c>.</summary>
    public string? Token { get; init; }

    /// <summary>The largest gRPC message accepted from the server, which bounds what one batch can make this process buffer.</summary>
    public int MaxMessageBytes { get; init; } = 64 << 20;

    /// <summary>
    /// The deadline of every call, connecting included: a describe, a listing, one transfer of a pull or a
    /// put. A follower's wait gets its own timeout plus this (at most 30 s more). A server that stalls, sends
    /// nothing but empty batches, or never speaks HTTP/2 fails the call when it passes. Raise it for pulls that
    /// take longer than this to move.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle connection is pinged (HTTP/2 PING), and how long a ping may go unanswered before the connection is dropped.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        if (CallTimeout <= TimeSpan.Zero || KeepAliveInterval <= TimeSpan.Zero || MaxMessageBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CallTimeout),
                $"FlightConnectionOptions.CallTimeout ({CallTimeout}), KeepAliveInterval ({KeepAliveInterval}) and MaxMessageBytes ({MaxMessageBytes}) must be positive.");
        }
    }
}
