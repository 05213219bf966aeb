namespace SharedTyped.Flight;

/// <summary>How a client connects to a Flight server.</summary>
public sealed record FlightConnectionOptions
{
    /// <summary>No token, a 64 MiB message limit.</summary>
    public static FlightConnectionOptions Default { get; } = new();

    /// <summary>The server's bearer token, sent as <c>authorization: Bearer TOKEN</c> on every call; none when <c>null</c>.</summary>
    public string? Token { get; init; }

    /// <summary>The largest gRPC message accepted from the server, which bounds what one batch can make this process buffer.</summary>
    public int MaxMessageBytes { get; init; } = 64 << 20;
}
