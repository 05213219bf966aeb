using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// An open write to a shared array, from <c>BeginWrite</c>: the process holds the array's write lock
/// (one writer at a time across processes) and readers of consistent copies wait or retry. Disposing
/// it publishes the next version and wakes every waiter in every process.
/// </summary>
/// <example>
/// <code>
/// using (prices.BeginWrite())
/// {
///     prices[3, 1] = 42;
/// }   // published: consumers' WaitForChange returns
/// </code>
/// </example>
public sealed class SharedArrayWriteScope : IDisposable
{
    private readonly SyncRegion _region;
    private readonly Hold _hold;
    private readonly (SegmentIdentity, int) _key;
    private SafeFileHandle? _description;

    internal SharedArrayWriteScope(SyncRegion region, Hold hold, SafeFileHandle description, (SegmentIdentity, int) key, bool recovered)
    {
        _region = region;
        _hold = hold;
        _description = description;
        _key = key;
        RecoveredAbandonedWrite = recovered;
    }

    /// <summary>
    /// Whether this scope took over a write whose writer died inside it: the data may hold that
    /// write's half, so write every element that matters before disposing.
    /// </summary>
    public bool RecoveredAbandonedWrite { get; }

    /// <summary>The version this scope published, or 0 while it is open.</summary>
    public long PublishedVersion { get; private set; }

    /// <summary>Publishes the next version, wakes every waiter and releases the write lock; only the first call does anything.</summary>
    /// <exception cref="TimeoutException">A stopped process held the sync block's word lock for 10 seconds: the write lock is released with the write still marked, so readers report it abandoned and the next <c>BeginWrite</c> takes over.</exception>
    /// <exception cref="InvalidOperationException">The version is <see cref="long.MaxValue"/> (versions never wrap); the write is left marked as above.</exception>
    public void Dispose()
    {
        var description = Interlocked.Exchange(ref _description, null);
        if (description is null)
        {
            return;
        }
        try
        {
            PublishedVersion = _region.EndWrite(description, _key);
        }
        finally
        {
            _hold.Release();
        }
    }
}
