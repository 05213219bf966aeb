namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlight.PushAsync{T}"/> sends an array to a server.</summary>
public sealed record PushOptions
{
    /// <summary>Shared defaults: the local name, no token, 4 MiB batches.</summary>
    public static PushOptions Default { get; } = new();

    /// <summary>The name on the server; the array's own when <c>null</c>.</summary>
    public string? RemoteName { get; init; }

    /// <summary>The connection: bearer token and message limit.</summary>
    public FlightConnectionOptions Connection { get; init; } = FlightConnectionOptions.Default;

    /// <summary>The most element bytes one record batch carries.</summary>
    public int MaxBatchBytes { get; init; } = 4 << 20;

    /// <summary>Arrays up to this many bytes are copied by one consistent read before they are sent; see <see cref="SharedArrayFlightServerOptions.MaxSnapshotBytes"/>.</summary>
    public long MaxSnapshotBytes { get; init; } = 64L << 20;
}
