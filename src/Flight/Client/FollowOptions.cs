namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlight.Follow{T}(Uri, string, FollowOptions?)"/> keeps a local replica current.</summary>
public sealed record FollowOptions
{
    /// <summary>Shared defaults: the remote name, no token, a new persistent replica, 30 s waits.</summary>
    public static FollowOptions Default { get; } = new();

    /// <summary>The replica's name; the remote name when <c>null</c>.</summary>
    public string? LocalName { get; init; }

    /// <summary>How the replica is made (<see cref="CreateOptions.Force"/> replaces an existing segment).</summary>
    public CreateOptions? Create { get; init; }

    /// <summary>The connection: bearer token and message limit.</summary>
    public FlightConnectionOptions Connection { get; init; } = FlightConnectionOptions.Default;

    /// <summary>The largest array accepted; see <see cref="PullOptions.MaxBytes"/>.</summary>
    public long MaxBytes { get; init; } = 16L << 30;

    /// <summary>How long one wait on the server blocks before the follower asks again (at most 5 minutes).</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called on the follower's thread after each new version has been written into the replica.</summary>
    public Action<FollowUpdate>? Updated { get; init; }
}

/// <summary>A version the follower has written into the replica.</summary>
/// <param name="RemoteVersion">The server's version now in the replica.</param>
/// <param name="LocalVersion">The replica's own version after the write (local readers' <c>WaitForChange</c> sees it).</param>
public readonly record struct FollowUpdate(long RemoteVersion, long LocalVersion);
