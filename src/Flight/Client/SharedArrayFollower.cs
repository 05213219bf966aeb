using Apache.Arrow.Flight;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Keeps a local replica of a remote array current: it waits on the server for the next version (the
/// <c>wait_for_version</c> action, which blocks in the server's <c>WaitForChange</c>; nothing polls),
/// fetches that version whole and consistent, and writes it into the replica inside one
/// <c>BeginWrite</c> scope, so local readers get torn-free snapshots and wake-ups as if the writer were local.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class SharedArrayFollower<T> : ISharedArrayFollower where T : unmanaged
{
    private readonly FlightConnection _connection;
    private readonly string _name;
    private readonly ArrayDescription _array;
    private readonly FollowOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private long _remoteVersion;
    private int _disposed;

    internal SharedArrayFollower(FlightConnection connection, string name, SharedArray<T> replica, ArrayDescription array, long remoteVersion,
        FollowOptions options)
    {
        _connection = connection;
        _name = name;
        Replica = replica;
        _array = array;
        _remoteVersion = remoteVersion;
        _options = options;
        Completion = Task.Run(() => FollowAsync(_stop.Token));
    }

    /// <summary>The local replica; other processes attach to it by its name. Disposed with the follower (the segment stays as its lifetime says).</summary>
    public SharedArray<T> Replica { get; }

    ISharedArray ISharedArrayFollower.Replica => Replica;

    /// <summary>The server's version that the replica holds now.</summary>
    public long RemoteVersion => Volatile.Read(ref _remoteVersion);

    /// <summary>
    /// Runs while the follower follows: completes when it is disposed, and faults when following stops
    /// on an error (the server went away, refused, or now serves another type or shape under the name).
    /// </summary>
    public Task Completion { get; }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var seen = RemoteVersion;
            var changed = await WaitAsync(seen, cancellationToken).ConfigureAwait(false);
            if (!changed)
            {
                continue;
            }
            using var snapshot = await RemoteSnapshot.FetchAsync<T>(_connection, _name, _options.MaxBytes, progress: null, cancellationToken)
                .ConfigureAwait(false);
            if (!snapshot.Array.SameArray(_array) || snapshot.Version is null)
            {
                throw new SharedArrayMismatchException(
                    $"{_connection.Source} now serves {snapshot.Array.Subject}{(snapshot.Version is null ? " without versions" : "")}; the replica '{Replica.Name}' follows {_array.Subject}.");
            }
            if (snapshot.Version == seen)
            {
                continue;
            }
            var write = Replica.BeginWrite();
            try
            {
                snapshot.Data.AsSpan<T>().CopyTo(Replica.AsSpan());
            }
            finally
            {
                write.Dispose();
            }
            var localVersion = write.PublishedVersion;
            Volatile.Write(ref _remoteVersion, snapshot.Version.Value);
            _options.Updated?.Invoke(new FollowUpdate(snapshot.Version.Value, localVersion));
        }
    }

    /// <summary>Blocks on the server until the version differs from <paramref name="seen"/> or the wait times out; returns whether it changed.</summary>
    private async Task<bool> WaitAsync(long seen, CancellationToken cancellationToken)
    {
        var request = new WaitForVersion.Request(_name, seen, (long)_options.WaitTimeout.TotalMilliseconds);
        SharedArrayFlightException Refuse(string what) =>
            new($"{_connection.Source} answered the wait for shared array '{_name}' wrongly: {what}.");
        try
        {
            using var call = _connection.Client.DoAction(new FlightAction(WaitForVersion.ActionType, WaitForVersion.Encode(request)),
                _connection.Headers, deadline: null, cancellationToken);
            if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                throw Refuse("no result");
            }
            var result = WaitForVersion.Decode<WaitForVersion.Result>(call.ResponseStream.Current.Body, Refuse);
            if (result.Name != _name || result.Version < 0)
            {
                throw Refuse($"a result for '{result.Name}' at version {result.Version}");
            }
            return result.Version != seen;
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw FlightErrors.FromRpc(e, $"Following shared array '{_name}' on {_connection.Source}", _name);
        }
    }

    /// <summary>Stops following and disposes the replica's handle; an error that stopped it stays on <see cref="Completion"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cancelled by the stop above, or stopped before it on an error that Completion still holds.
        }
        _stop.Dispose();
        _connection.Dispose();
        Replica.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
