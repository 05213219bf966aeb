namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlight.FollowAsync{T}(Uri, string, FollowOptions?, CancellationToken)"/> keeps a local replica current.</summary>
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

    /// <summary>
    /// Called on the follower's thread when following is interrupted by something that may pass (the server
    /// restarting or unreachable, the array missing while it is replaced), before the follower waits and tries again.
    /// </summary>
    public Action<FollowInterruption>? Interrupted { get; init; }

    /// <summary>
    /// The longest pause between two attempts: after an interruption, and after a server answers "unchanged"
    /// well before the wait's timeout. Pauses start at 50 ms and double up to this.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Following was interrupted; the follower tries again after <paramref name="RetryIn"/>, until it is disposed.</summary>
/// <param name="Attempt">How many attempts in a row have failed (1 for the first).</param>
/// <param name="RetryIn">The pause before the next attempt.</param>
/// <param name="Error">What went wrong.</param>
public readonly record struct FollowInterruption(int Attempt, TimeSpan RetryIn, Exception Error);

/// <summary>A version the follower has written into the replica.</summary>
/// <param name="RemoteVersion">The server's version now in the replica.</param>
/// <param name="LocalVersion">The replica's own version after the write (local readers' <c>WaitForChange</c> sees it).</param>
public readonly record struct FollowUpdate(long RemoteVersion, long LocalVersion);
