using System.Diagnostics;
using Apache.Arrow.Flight;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Keeps a local replica of a remote array current: it waits on the server for the next version (the
/// <c>wait_for_version</c> action, which blocks in the server's <c>WaitForChange</c>; nothing polls),
/// fetches that version whole and consistent, and writes it into the replica inside one
/// <c>BeginWrite</c> scope, so local readers get torn-free snapshots and wake-ups as if the writer were local.
/// A server that restarts, or an array replaced on the server, is followed: the follower reports the
/// interruption (<see cref="FollowOptions.Interrupted"/>), pauses with a growing backoff, and goes on.
/// Each wait names the server's segment the replica holds (its <see cref="SharedArray{T}.SegmentId"/>, learnt
/// with each fetch), so a replacement is noticed even when the new segment is at the version the replica holds.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class SharedArrayFollower<T> : ISharedArrayFollower where T : unmanaged
{
    /// <summary>The first pause of a backoff; each one after doubles, up to <see cref="FollowOptions.MaxRetryDelay"/>.</summary>
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);

    private readonly FlightConnection _connection;
    private readonly string _name;
    private readonly ArrayDescription _array;
    private readonly FollowOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private long _remoteVersion;
    /// <summary>The identity of the server's segment the replica holds; null when the server does not say (an older one).</summary>
    private string? _segmentId;
    private int _disposed;

    internal SharedArrayFollower(FlightConnection connection, string name, SharedArray<T> replica, ArrayDescription array, long remoteVersion,
        FollowOptions options)
    {
        _connection = connection;
        _name = name;
        Replica = replica;
        _array = array;
        _remoteVersion = remoteVersion;
        _segmentId = array.SegmentId;
        _options = options;
        Completion = Task.Run(() => FollowAsync(_stop.Token));
    }

    /// <summary>The local replica; other processes attach to it by its name. Disposed with the follower (the segment stays as its lifetime says).</summary>
    public SharedArray<T> Replica { get; }

    ISharedArray ISharedArrayFollower.Replica => Replica;

    /// <summary>The server's version that the replica holds now.</summary>
    public long RemoteVersion => Volatile.Read(ref _remoteVersion);

    /// <summary>
    /// Runs while the follower follows: completes when it is disposed, and faults when following stops on
    /// an error that does not pass by itself (the server refuses the token, answers wrongly, or now serves
    /// another type or shape under the name). A server that goes away is waited for, not an error.
    /// </summary>
    public Task Completion { get; }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var early = 0;      // waits in a row answered "unchanged" well before their timeout
        var failures = 0;   // attempts in a row that failed on something that may pass
        var refetch = false;
        while (true)
        {
            try
            {
                var seen = RemoteVersion;
                var started = Stopwatch.GetTimestamp();
                var answer = refetch ? new WaitForVersion.Result(_name, seen, Changed: true, Replaced: true) : await WaitAsync(seen, cancellationToken).ConfigureAwait(false);
                var applied = answer.Changed && await FetchAsync(seen, answer.Replaced, cancellationToken).ConfigureAwait(false);
                refetch = false;
                failures = 0;
                var waitedLong = _options.WaitTimeout > TimeSpan.Zero && Stopwatch.GetElapsedTime(started) >= _options.WaitTimeout / 2;
                early = applied || waitedLong ? 0 : early + 1;
                if (early > 0)
                {
                    // A server that answers at once without news would otherwise be asked as fast as the network goes.
                    await Task.Delay(Backoff(early), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && FlightErrors.IsTransient(e))
            {
                failures++;
                var delay = Backoff(failures);
                _options.Interrupted?.Invoke(new FollowInterruption(failures, delay, e));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                // Whatever the server serves when it answers again (a restarted server, a replaced segment) is fetched whole.
                refetch = true;
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = FirstDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>Fetches the server's version and writes it into the replica when it is new (or the segment was replaced, or is another one than the replica holds); returns whether it wrote.</summary>
    private async Task<bool> FetchAsync(long seen, bool replaced, CancellationToken cancellationToken)
    {
        using var snapshot = await RemoteSnapshot.FetchAsync<T>(_connection, _name, _options.MaxBytes, progress: null, cancellationToken)
            .ConfigureAwait(false);
        if (!snapshot.Array.SameArray(_array) || snapshot.Version is null)
        {
            throw new SharedArrayMismatchException(
                $"{_connection.Source} now serves {snapshot.Array.Subject}{(snapshot.Version is null ? " without versions" : "")}; the replica '{Replica.Name}' follows {_array.Subject}.");
        }
        if (snapshot.Version == seen && !replaced && snapshot.Array.SegmentId == _segmentId)
        {
            return false;
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
        _segmentId = snapshot.Array.SegmentId;
        Volatile.Write(ref _remoteVersion, snapshot.Version.Value);
        _options.Updated?.Invoke(new FollowUpdate(snapshot.Version.Value, localVersion));
        return true;
    }

    /// <summary>Blocks on the server until the version differs from <paramref name="seen"/> or the wait times out.</summary>
    private async Task<WaitForVersion.Result> WaitAsync(long seen, CancellationToken cancellationToken)
    {
        var request = new WaitForVersion.Request(_name, seen, (long)_options.WaitTimeout.TotalMilliseconds, _segmentId);
        SharedArrayFlightException Refuse(string what) =>
            new($"{_connection.Source} answered the wait for shared array '{_name}' wrongly: {what}.");
        try
        {
            using var call = _connection.Client.DoAction(new FlightAction(WaitForVersion.ActionType, WaitForVersion.Encode(request)),
                _connection.Headers, _connection.WaitDeadline(_options.WaitTimeout), cancellationToken);
            if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                throw Refuse("no result");
            }
            var result = WaitForVersion.Decode<WaitForVersion.Result>(call.ResponseStream.Current.Body, Refuse);
            if (result.Name != _name || result.Version < 0)
            {
                throw Refuse($"a result for '{result.Name}' at version {result.Version}");
            }
            // Another segment than the one held is news whatever its version; an older server names none.
            var replaced = result.Replaced || (_segmentId is not null && result.SegmentId is not null && result.SegmentId != _segmentId);
            return result with { Changed = result.Changed || replaced || result.Version != seen, Replaced = replaced };
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Status.Detail, e, cancellationToken);
        }
        catch (RpcException e)
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
}
