using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// A held cross-process reader/writer lock on a shared array, from <c>AcquireShared</c> or
/// <c>AcquireExclusive</c>. It is an open-file-description lock of its own, so the kernel releases
/// it when the holder dies; it neither touches nor is touched by the write scope of <c>BeginWrite</c>
/// or the locks of <see cref="SegmentLifetime.LastProcessOut"/>. Dispose it to release.
/// </summary>
public sealed class SharedArrayLock : IDisposable
{
    private readonly SyncRegion _region;
    private readonly Hold _hold;
    private SafeFileHandle? _description;

    internal SharedArrayLock(SyncRegion region, Hold hold, SafeFileHandle description, bool exclusive)
    {
        _region = region;
        _hold = hold;
        _description = description;
        IsExclusive = exclusive;
    }

    /// <summary>Whether this is the exclusive (writer) side of the lock.</summary>
    public bool IsExclusive { get; }

    /// <summary>Whether the lock is still held (not yet disposed).</summary>
    public bool IsHeld => Volatile.Read(ref _description) is not null;

    /// <summary>Releases the lock and wakes processes waiting for it; only the first call does anything.</summary>
    public void Dispose()
    {
        var description = Interlocked.Exchange(ref _description, null);
        if (description is null)
        {
            return;
        }
        try
        {
            _region.Release(description);
        }
        finally
        {
            _hold.Release();
        }
    }
}
