namespace SharedTyped;

/// <summary>
/// <see cref="SyncRegion.WaitForChangeAsync"/>'s wait: a futex can only be slept on by a thread, so
/// each pending wait has a dedicated background thread. Cancelling sets a flag and wakes the word
/// until the thread has seen it (waiters elsewhere wake too, find the version unchanged and sleep on).
/// </summary>
internal sealed class ChangeWaiter
{
    private readonly SyncRegion _region;
    private readonly Hold _hold;
    private readonly long _seenVersion;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<long> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _exited = new();
    private volatile bool _cancelled;

    private ChangeWaiter(SyncRegion region, Hold hold, long seenVersion, CancellationToken cancellationToken)
    {
        _region = region;
        _hold = hold;
        _seenVersion = seenVersion;
        _cancellationToken = cancellationToken;
    }

    public static Task<long> Start(SyncRegion region, Hold hold, long seenVersion, CancellationToken cancellationToken)
    {
        var waiter = new ChangeWaiter(region, hold, seenVersion, cancellationToken);
        new Thread(waiter.Run) { IsBackground = true, Name = $"SharedTyped wait '{region.Name}'" }.Start();
        return waiter._result.Task;
    }

    private void Run()
    {
        using var registration = _cancellationToken.UnsafeRegister(static state => ((ChangeWaiter)state!).Cancel(), this);
        try
        {
            while (!_cancelled)
            {
                var version = _region.WaitOnce(_seenVersion);
                if (version != _seenVersion)
                {
                    _result.TrySetResult(version);
                    return;
                }
            }
            _result.TrySetCanceled(_cancellationToken);
        }
        catch (Exception e)
        {
            _result.TrySetException(e);
        }
        finally
        {
            _exited.Set();
            _hold.Release();
        }
    }

    private void Cancel()
    {
        _cancelled = true;
        // The thread may be between reading the flag and falling asleep; wake until it is out.
        while (!_exited.Wait(TimeSpan.FromMilliseconds(1)))
        {
            _region.WakeWaiters();
        }
    }
}
