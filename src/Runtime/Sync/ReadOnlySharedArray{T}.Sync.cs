namespace SharedTyped;

// The reading side of the coordination members of SharedArray<T> (src/Runtime/Sync/).
public sealed unsafe partial class ReadOnlySharedArray<T>
{
    /// <summary>The sync region, found on first use and closed by Dispose (src/Runtime/Sync/SyncRegionSlot.cs).</summary>
    private SyncRegionSlot _sync;

    private SyncRegion Sync => _sync.Region(_state);

    /// <summary>
    /// Whether the segment has a sync block this SharedTyped can use: without one (a segment cdxcore or numpy made)
    /// <see cref="Version"/>, the waits, the consistent reads and the locks throw <see cref="NotSupportedException"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The array has been disposed.</exception>
    public bool HasSyncBlock => _sync.HasBlock(_state);

    /// <inheritdoc cref="SharedArray{T}.Version"/>
    public long Version => Sync.Version;

    /// <inheritdoc cref="SharedArray{T}.WaitForChange"/>
    public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version) => Sync.WaitForChange(seenVersion, timeout, out version);

    /// <inheritdoc cref="SharedArray{T}.WaitForChangeAsync"/>
    public ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken = default) =>
        Sync.WaitForChangeAsync(seenVersion, cancellationToken);

    /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T})"/>
    public long ReadConsistent(Span<T> destination) => SyncMembers.ReadConsistent(Sync, _state, destination, Timeout.InfiniteTimeSpan);

    /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, TimeSpan)"/>
    public long ReadConsistent(Span<T> destination, TimeSpan timeout) => SyncMembers.ReadConsistent(Sync, _state, destination, timeout);

    /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, long, long)"/>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount) =>
        SyncMembers.ReadConsistent(Sync, _state, destination, firstRow, rowCount, Timeout.InfiniteTimeSpan);

    /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, long, long, TimeSpan)"/>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount, TimeSpan timeout) =>
        SyncMembers.ReadConsistent(Sync, _state, destination, firstRow, rowCount, timeout);

    /// <inheritdoc cref="SharedArray{T}.TryReadConsistent"/>
    public bool TryReadConsistent(Span<T> destination, out long version) => SyncMembers.TryReadConsistent(Sync, _state, destination, out version);

    /// <inheritdoc cref="SharedArray{T}.AcquireShared"/>
    public SharedArrayLock AcquireShared(TimeSpan timeout) => Sync.AcquireLock(exclusive: false, timeout);
}
