namespace SharedTyped;

// Coordination across processes (src/Runtime/Sync/, docs/guarantees.md): a published version,
// write scopes, waits for a change, torn-free copies and a reader/writer lock. Every member throws
// NotSupportedException for a segment made without a sync block (by cdxcore or numpy).
public sealed unsafe partial class SharedArray<T>
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

    /// <summary>The array's sync region, for tests that drive it with a dispatcher of their own.</summary>
    internal SyncRegion SyncRegion => Sync;

    /// <summary>The published version: 0 after <c>Create</c>, one more after each <see cref="Publish()"/> or disposed <see cref="BeginWrite()"/> scope, in any process.</summary>
    /// <exception cref="NotSupportedException">The segment was made without a sync block (by cdxcore or numpy).</exception>
    public long Version => Sync.Version;

    /// <summary>
    /// Bumps the version and wakes every <see cref="WaitForChange"/> in every process; returns the new
    /// version. It does not wait for a write scope open in another process; it takes only the sync
    /// block's word lock, which a live process holds for a few stores, and gives up after 10 seconds
    /// when a stopped process holds it (see <see cref="Publish(TimeSpan)"/>). For writes made without
    /// <see cref="BeginWrite()"/>: readers of <see cref="ReadConsistent(Span{T})"/> are then not protected from them.
    /// </summary>
    /// <exception cref="InvalidOperationException">This thread has a write scope open on the array (disposing it publishes), or the version is <see cref="long.MaxValue"/> (versions never wrap).</exception>
    /// <exception cref="TimeoutException">A live process (stopped or stuck) held the word lock for 10 seconds.</exception>
    /// <exception cref="SharedArrayFormatException">The sync block holds a negative version, which only a process that is not SharedTyped's writes.</exception>
    public long Publish() => Sync.Publish(SyncRegion.WordLockPatience);

    /// <summary>Like <see cref="Publish()"/>, waiting at most <paramref name="timeout"/> for the word lock.</summary>
    /// <exception cref="TimeoutException">A live process (stopped or stuck) held the word lock for longer than <paramref name="timeout"/>.</exception>
    public long Publish(TimeSpan timeout) => Sync.Publish(timeout);

    /// <summary>
    /// Opens a write: one writer at a time across processes; while it is open, consistent reads wait or
    /// retry; disposing the scope publishes. Waits as long as another writer holds the array.
    /// </summary>
    /// <example>
    /// <code>
    /// using (array.BeginWrite())
    /// {
    ///     array.AsSpan().Fill(1.0);
    /// }
    /// </code>
    /// </example>
    public SharedArrayWriteScope BeginWrite() => Sync.BeginWrite(Timeout.InfiniteTimeSpan);

    /// <summary>Like <see cref="BeginWrite()"/>, waiting at most <paramref name="timeout"/> for another writer to finish.</summary>
    /// <exception cref="TimeoutException">Another writer held the array, or a stopped process the sync block's word lock, for longer than <paramref name="timeout"/>.</exception>
    public SharedArrayWriteScope BeginWrite(TimeSpan timeout) => Sync.BeginWrite(timeout);

    /// <summary>
    /// Sleeps (a futex on the shared word: no polling, no spinning) until the version differs from
    /// <paramref name="seenVersion"/> or <paramref name="timeout"/> passes. Returns whether it changed;
    /// <paramref name="version"/> is the version now.
    /// </summary>
    /// <exception cref="SharedArrayReplacedException">The segment was removed or replaced under its name (it is retired): nothing will be published to it.</exception>
    /// <exception cref="ObjectDisposedException">The array was disposed, before or during the wait.</exception>
    public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version) => Sync.WaitForChange(seenVersion, timeout, out version);

    /// <summary>
    /// Completes when the version differs from <paramref name="seenVersion"/>, with the new version. A
    /// pending wait holds no thread: every pending wait of the process shares a few dispatcher threads
    /// (docs/guarantees.md). Ends with <see cref="ObjectDisposedException"/> when the array is disposed.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="SharedArrayReplacedException">The segment was removed or replaced under its name (it is retired).</exception>
    public ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken = default) =>
        Sync.WaitForChangeAsync(seenVersion, cancellationToken);

    /// <summary>
    /// Copies every element into <paramref name="destination"/> (exactly <see cref="Length"/> long) so
    /// that the copy is not torn: taken while no write scope was open and with the version unchanged
    /// across it, retrying otherwise. Returns the version of the copy.
    /// </summary>
    /// <exception cref="SharedArrayTornException">A writer died inside its write scope; the next <see cref="BeginWrite()"/> recovers.</exception>
    public long ReadConsistent(Span<T> destination) => SyncMembers.ReadConsistent(Sync, _state, destination, Timeout.InfiniteTimeSpan);

    /// <summary>Like <see cref="ReadConsistent(Span{T})"/>, giving up after <paramref name="timeout"/> (a stopped writer, or writes that never pause).</summary>
    /// <exception cref="TimeoutException">No consistent copy could be taken within <paramref name="timeout"/>.</exception>
    /// <exception cref="SharedArrayTornException">A writer died inside its write scope.</exception>
    public long ReadConsistent(Span<T> destination, TimeSpan timeout) => SyncMembers.ReadConsistent(Sync, _state, destination, timeout);

    /// <summary>Like <see cref="ReadConsistent(Span{T})"/> for <paramref name="rowCount"/> rows of the leading dimension from <paramref name="firstRow"/>.</summary>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount) =>
        SyncMembers.ReadConsistent(Sync, _state, destination, firstRow, rowCount, Timeout.InfiniteTimeSpan);

    /// <summary>Like <see cref="ReadConsistent(Span{T}, long, long)"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">No consistent copy could be taken within <paramref name="timeout"/>.</exception>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount, TimeSpan timeout) =>
        SyncMembers.ReadConsistent(Sync, _state, destination, firstRow, rowCount, timeout);

    /// <summary>One attempt of <see cref="ReadConsistent(Span{T})"/>: false when a write was in progress or the version changed during the copy.</summary>
    /// <exception cref="SharedArrayTornException">A writer died inside its write scope.</exception>
    public bool TryReadConsistent(Span<T> destination, out long version) => SyncMembers.TryReadConsistent(Sync, _state, destination, out version);

    /// <summary>
    /// Takes the shared side of the array's cross-process reader/writer lock, waiting at most
    /// <paramref name="timeout"/>. The kernel releases it if this process dies.
    /// </summary>
    /// <exception cref="TimeoutException">An exclusive holder kept it for longer than <paramref name="timeout"/>.</exception>
    public SharedArrayLock AcquireShared(TimeSpan timeout) => Sync.AcquireLock(exclusive: false, timeout);

    /// <summary>Takes the exclusive side of the array's cross-process reader/writer lock, waiting at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Another holder kept it for longer than <paramref name="timeout"/>.</exception>
    public SharedArrayLock AcquireExclusive(TimeSpan timeout) => Sync.AcquireLock(exclusive: true, timeout);
}
