namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlight.PullAsync{T}(Uri, string, PullOptions?, CancellationToken)"/> copies a remote array into a local segment.</summary>
public sealed record PullOptions
{
    /// <summary>Shared defaults: the remote name, no token, a new persistent local segment.</summary>
    public static PullOptions Default { get; } = new();

    /// <summary>The local segment's name; the remote name when <c>null</c>.</summary>
    public string? LocalName { get; init; }

    /// <summary>How the local segment is made (<see cref="CreateOptions.Force"/> replaces an existing one, <see cref="CreateOptions.Directory"/>, lifetime, permissions).</summary>
    public CreateOptions? Create { get; init; }

    /// <summary>The connection: bearer token and message limit.</summary>
    public FlightConnectionOptions Connection { get; init; } = FlightConnectionOptions.Default;

    /// <summary>
    /// The largest array accepted. The server's claim of the shape is checked against it before any
    /// memory is allocated, so a lying server cannot make this process allocate more.
    /// </summary>
    public long MaxBytes { get; init; } = 16L << 30;

    /// <summary>Called on the receiving thread after each batch; for progress bars of large pulls.</summary>
    public Action<PullProgress>? Progress { get; init; }
}

/// <summary>How far a pull has got.</summary>
/// <param name="BytesReceived">Element bytes received so far.</param>
/// <param name="TotalBytes">Element bytes of the whole array.</param>
public readonly record struct PullProgress(long BytesReceived, long TotalBytes);
