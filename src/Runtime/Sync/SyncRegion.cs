using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// The coordination protocol on one mapped sync block (docs/format.md, "The sync block"): versions,
/// write scopes, waits for a change, torn-free copies, the reader/writer lock and the retired mark.
/// Every array type delegates here; every member that can block takes a deadline and ends with
/// <see cref="ObjectDisposedException"/> when the array is disposed meanwhile (<see cref="Close"/>).
/// </summary>
internal sealed unsafe class SyncRegion
{
    /// <summary>
    /// How long a wait for a lock or for a write to finish sleeps before it looks again whether the
    /// holder is still alive: a holder killed by SIGKILL loses its lock in the kernel (or leaves its pid
    /// in the word lock) but cannot wake anyone, so this bounds how late a waiter notices.
    /// </summary>
    public static readonly TimeSpan DeadHolderCheck = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long <c>Publish()</c> and the end of a write scope wait for the word lock, which a live
    /// holder keeps for a few stores: only a stopped or stuck process holds it longer.
    /// </summary>
    public static readonly TimeSpan WordLockPatience = TimeSpan.FromSeconds(10);

    /// <summary>Write scopes open in this process, by segment and thread, so a nested one fails instead of waiting for itself.</summary>
    private static readonly ConcurrentDictionary<(SegmentIdentity Segment, int Thread), byte> OpenWrites = new();

    /// <summary>
    /// How many entries <see cref="OpenWrites"/> has: <c>Publish</c> looks itself up there only when some write scope is
    /// open in this process, so the common publish hashes no key (its own thread's entry, if any, was counted by that thread).
    /// </summary>
    private static int s_openWriteCount;

    private readonly SegmentMapping _mapping;
    private readonly byte* _block;
    private readonly long _fileOffset;

    /// <summary>
    /// The write lock's open file description, opened by the first write scope and kept until
    /// <see cref="Close"/>: reopening the segment for every scope cost more than all the rest of it.
    /// Threads of this process take turns on it through <see cref="_writeGate"/>, processes through the lock itself.
    /// </summary>
    private SafeFileHandle? _writeDescription;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Set by <see cref="Close"/>: every wait of this region ends with <see cref="ObjectDisposedException"/>.</summary>
    private volatile bool _closed;
    private readonly CancellationTokenSource _closing = new();
    private readonly Func<bool> _isClosed;

    /// <summary>How many threads are inside a member that may sleep (<see cref="Counted"/>), for <see cref="Close"/> to wake.</summary>
    private int _inside;

    private SyncRegion(SegmentMapping mapping, byte* block, string name, string description)
    {
        _mapping = mapping;
        _block = block;
        _fileOffset = block - mapping.Address;
        Name = name;
        Description = description;
        _isClosed = () => _closed;
    }

    public string Name { get; }

    /// <summary>The array as messages name it: <c>Shared array 'prices' (double, shape (10, 3))</c>.</summary>
    public string Description { get; }

    private static ISegmentSync Sync => SegmentSync.Current;

    private long* VersionWord => (long*)(_block + SyncBlock.VersionOffset);

    private uint* Sequence => (uint*)(_block + SyncBlock.SequenceOffset);

    private uint* LockChanges => (uint*)(_block + SyncBlock.LockChangesOffset);

    private int* WriterPid => (int*)(_block + SyncBlock.WriterPidOffset);

    private int* WriteLockWaiters => (int*)(_block + SyncBlock.WriteLockWaitersOffset);

    private uint* WordLockWord => (uint*)(_block + SyncBlock.WordLockOffset);

    private uint* State => (uint*)(_block + SyncBlock.StateOffset);

    /// <summary>The region of an array's mapping; throws when the segment was made without a sync block.</summary>
    public static SyncRegion Of<T>(SegmentMapping mapping, string name) where T : unmanaged
    {
        var description = Describe.Array<T>(name, mapping.Layout.Shape);
        var block = SyncBlock.Find(mapping.Native, mapping.Layout, out var layoutVersion);
        if (block == null)
        {
            throw new NotSupportedException(
                $"{description} was made without a sync block (by cdxcore, numpy or an older SharedTyped): versions, waits, consistent reads and locks need a segment SharedTyped created.");
        }
        if (layoutVersion != SyncBlock.CurrentLayoutVersion)
        {
            throw new NotSupportedException(
                $"{description} has a sync block of layout version {layoutVersion}; this SharedTyped knows version {SyncBlock.CurrentLayoutVersion}.");
        }
        return new SyncRegion(mapping, block, name, description);
    }

    public long Version
    {
        get
        {
            var mapping = Use();
            try
            {
                return Volatile.Read(ref *VersionWord);
            }
            finally
            {
                mapping.Release();
            }
        }
    }

    /// <summary>Whether a write scope has begun and not ended (or its writer died inside it).</summary>
    public bool WriteInProgress => (Volatile.Read(ref *Sequence) & 1) != 0;

    /// <summary>
    /// Whether a SharedTyped process removed or replaced the name of this segment and marked it
    /// retired (docs/format.md, "Retiring"). A wait on the sequence word is woken when it happens, so a
    /// waiter (the async dispatcher too) looks here after every wake-up: see <see cref="ThrowIfRetired"/>.
    /// </summary>
    public bool IsRetired => (Volatile.Read(ref *State) & SyncBlock.RetiredFlag) != 0;

    /// <summary>Throws <see cref="SharedArrayReplacedException"/> naming the array once it is retired.</summary>
    public void ThrowIfRetired()
    {
        if (IsRetired)
        {
            var version = Volatile.Read(ref *VersionWord);
            throw new SharedArrayReplacedException(
                $"{Description} was removed or replaced under its name (its sync block is marked retired) at version {version}; no producer publishes to it any more. Attach '{Name}' again to follow the new segment.",
                Name, version);
        }
    }

    /// <summary>
    /// Marks the sync block at <paramref name="block"/> retired and wakes everyone who waits on it: the
    /// flag first, then a change of the sequence (plus two, which keeps a write in progress marked), so
    /// a waiter between its look and its sleep cannot miss it, then a wake of every word. Called by the
    /// one removal path (src/Runtime/Platform/Linux/NameLock.cs) on a mapping of the segment it is about
    /// to unlink. Both changes are atomic instructions: no lock is needed, and none can be withheld by
    /// a stopped process.
    /// </summary>
    public static void Retire(byte* block)
    {
        Interlocked.Or(ref *(uint*)(block + SyncBlock.StateOffset), SyncBlock.RetiredFlag);
        var sequence = (uint*)(block + SyncBlock.SequenceOffset);
        Interlocked.Add(ref *sequence, 2);
        Sync.WakeAll(sequence);
        Sync.WakeAll((uint*)(block + SyncBlock.LockChangesOffset));
    }

    // ---- writing ----------------------------------------------------------------------------

    public SharedArrayWriteScope BeginWrite(TimeSpan timeout)
    {
        CheckTimeout(timeout);
        var key = (_mapping.Native.Identity, Environment.CurrentManagedThreadId);
        if (OpenWrites.ContainsKey(key))
        {
            throw new InvalidOperationException($"{Description}: this thread already has a write scope open on it; dispose that one first (disposing it publishes).");
        }
        var deadline = Deadline(timeout);
        using var counted = new Counted(this);
        var hold = Hold();
        try
        {
            var description = AcquireWrite(timeout)
                ?? throw new TimeoutException($"{Description}: another writer kept the write lock for longer than {timeout}.");
            bool recovered;
            LockWordHoldingWrite(description, deadline, timeout);
            try
            {
                CheckVersion(Volatile.Read(ref *VersionWord), publishing: true);
                recovered = (Volatile.Read(ref *Sequence) & 1) != 0;
                Volatile.Write(ref *WriterPid, Environment.ProcessId);
                if (!recovered)
                {
                    // A full fence: no store to the data may become visible before readers see the odd word.
                    Interlocked.Increment(ref *Sequence);
                }
            }
            catch
            {
                WordLock.Exit(WordLockWord);
                ReleaseWrite(description);
                throw;
            }
            WordLock.Exit(WordLockWord);
            OpenWrites[key] = 0;
            Interlocked.Increment(ref s_openWriteCount);
            return new SharedArrayWriteScope(this, hold, description, key, recovered);
        }
        catch
        {
            hold.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a write scope: publishes the next version, wakes every waiter and releases the write lock.
    /// A version that cannot be published (the limit, or garbage a peer wrote) or a word lock held past
    /// <see cref="WordLockPatience"/> leaves the write marked, so readers report it abandoned, and throws.
    /// </summary>
    internal long EndWrite(SafeFileHandle description, (SegmentIdentity, int) key)
    {
        if (OpenWrites.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref s_openWriteCount);
        }
        long version;
        LockWordHoldingWrite(description, Deadline(WordLockPatience), WordLockPatience);
        try
        {
            version = CheckVersion(Volatile.Read(ref *VersionWord), publishing: true) + 1;
            Volatile.Write(ref *VersionWord, version);
            Volatile.Write(ref *WriterPid, 0);
            // A full fence: every store to the data is visible before readers see the even word.
            Interlocked.Increment(ref *Sequence);
        }
        catch
        {
            WordLock.Exit(WordLockWord);
            ReleaseWrite(description);
            throw;
        }
        WordLock.Exit(WordLockWord);
        // The sequence is even before the write lock goes: an odd one with the lock free means a dead writer.
        ReleaseWrite(description);
        return version;
    }

    public long Publish(TimeSpan timeout)
    {
        CheckTimeout(timeout);
        if (Volatile.Read(ref s_openWriteCount) != 0 && OpenWrites.ContainsKey((_mapping.Native.Identity, Environment.CurrentManagedThreadId)))
        {
            throw new InvalidOperationException($"{Description}: Publish was called inside this thread's write scope; disposing the scope publishes.");
        }
        // Held, not counted for Close: only a word lock that is held makes a publish sleep, and that path counts
        // itself (LockWordCounted). The uncontended publish is then one compare-and-swap, two stores, one atomic
        // add, one exchange and one FUTEX_WAKE, with no clock read: docs/benchmarks.md measures it against a bare
        // FUTEX_WAKE.
        var mapping = Use();
        try
        {
            // The word lock only, not the write lock: a publish is two stores and one wake-up, and a
            // write scope open in another process stays marked (plus two keeps the sequence odd).
            if (!WordLock.TryEnterAtOnce(WordLockWord))
            {
                LockWordCounted(timeout);
            }
            long version;
            try
            {
                version = CheckVersion(Volatile.Read(ref *VersionWord), publishing: true) + 1;
                Volatile.Write(ref *VersionWord, version);
                // An atomic add, as every change of the sequence is: its parity then holds even if a
                // hostile peer broke the word lock's exclusion.
                Interlocked.Add(ref *Sequence, 2);
            }
            finally
            {
                WordLock.Exit(WordLockWord);
            }
            Sync.WakeAll(Sequence);
            return version;
        }
        finally
        {
            mapping.Release();
        }
    }

    /// <summary>
    /// <see cref="LockWord"/> for a caller that holds the mapping but is not counted in <see cref="_inside"/>:
    /// counted while it may sleep, so that <see cref="Close"/> wakes it at once.
    /// </summary>
    private void LockWordCounted(TimeSpan timeout)
    {
        using var counted = new Counted(this);
        LockWord(Deadline(timeout), timeout);
    }

    /// <summary>
    /// The version as read, after checking it is one SharedTyped writes: 0 to <see cref="long.MaxValue"/>,
    /// and below the limit when about to publish the next (versions never wrap; docs/guarantees.md).
    /// </summary>
    private long CheckVersion(long version, bool publishing)
    {
        if (version < 0)
        {
            throw new SharedArrayFormatException(
                $"{Description}: its sync block holds version {version}, which no SharedTyped process writes (versions are 0 to {long.MaxValue}); a process that is not SharedTyped's overwrote it. Create the array again to start from 0.");
        }
        if (publishing && version == long.MaxValue)
        {
            throw new InvalidOperationException(
                $"{Description}: version {long.MaxValue} is the last one; publishing once more would wrap. Create the array again (Force) to start from 0.");
        }
        return version;
    }

    /// <summary>Takes the word lock, under which alone the version, the sequence and the writer pid change (src/Runtime/Sync/WordLock.cs).</summary>
    private void LockWord(long deadline, TimeSpan timeout)
    {
        if (WordLock.TryEnter(WordLockWord, deadline, _isClosed))
        {
            return;
        }
        ThrowIfClosed();
        var owner = Volatile.Read(ref *WordLockWord) & ~SyncBlock.WordLockSleepers;
        throw new TimeoutException(
            $"{Description}: the word lock of its sync block stayed held (by process {owner}, which is alive: stopped or stuck) for longer than {timeout}.");
    }

    /// <summary>
    /// The word lock for the start or end of a write scope; when it cannot be had, the write lock goes
    /// before the exception does (a write left marked is then reported abandoned, as a dead writer's is).
    /// </summary>
    private void LockWordHoldingWrite(SafeFileHandle description, long deadline, TimeSpan timeout)
    {
        try
        {
            LockWord(deadline, timeout);
        }
        catch
        {
            ReleaseWrite(description);
            throw;
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    public long ReadConsistent<T>(T* source, Span<T> destination, TimeSpan timeout) where T : unmanaged
    {
        CheckTimeout(timeout);
        var deadline = Deadline(timeout);
        var mapping = Use();
        try
        {
            while (true)
            {
                var before = Volatile.Read(ref *Sequence);
                if ((before & 1) == 0)
                {
                    var version = Volatile.Read(ref *VersionWord);
                    new ReadOnlySpan<T>(source, destination.Length).CopyTo(destination);
                    // The copy's loads must all happen before the sequence is read again: a load-load fence,
                    // which costs nothing on x86 (loads are not reordered there) and is dmb ishld on arm64.
                    Volatile.ReadBarrier();
                    if (Volatile.Read(ref *Sequence) == before)
                    {
                        return version;
                    }
                }
                else
                {
                    WaitForWriter(before, deadline);
                }
                if (deadline != long.MaxValue && Stopwatch.GetTimestamp() >= deadline)
                {
                    throw new TimeoutException($"{Description}: no consistent copy could be taken within {timeout} (writes kept the array changing, or a write in progress by process {Volatile.Read(ref *WriterPid)} did not end).");
                }
                ThrowIfClosed();
            }
        }
        finally
        {
            mapping.Release();
        }
    }

    public bool TryReadConsistent<T>(T* source, Span<T> destination, out long version) where T : unmanaged
    {
        var mapping = Use();
        try
        {
            var before = Volatile.Read(ref *Sequence);
            version = Volatile.Read(ref *VersionWord);
            if ((before & 1) != 0)
            {
                ThrowIfAbandoned(before);
                return false;
            }
            new ReadOnlySpan<T>(source, destination.Length).CopyTo(destination);
            Volatile.ReadBarrier();
            if (Volatile.Read(ref *Sequence) == before)
            {
                return true;
            }
            version = Volatile.Read(ref *VersionWord);
            return false;
        }
        finally
        {
            mapping.Release();
        }
    }

    /// <summary>Sleeps until the write that made the sequence odd ends or <paramref name="deadline"/> passes; throws if its writer is gone.</summary>
    private void WaitForWriter(uint odd, long deadline)
    {
        // Counted only here, on the slow path, so that Close wakes this sleep at once; the caller
        // already holds the mapping, and the uncontended copy pays for no count.
        using var counted = new Counted(this);
        while (Volatile.Read(ref *Sequence) == odd)
        {
            ThrowIfAbandoned(odd);
            ThrowIfClosed();
            var slice = Slice(deadline);
            if (slice <= TimeSpan.Zero)
            {
                return;
            }
            Sync.Wait(Sequence, odd, slice);
        }
    }

    /// <summary>
    /// A writer holds the write lock from before the sequence turns odd until after it turns even:
    /// an odd sequence that is still the same after finding the lock free was left by a dead writer.
    /// </summary>
    private void ThrowIfAbandoned(uint odd)
    {
        if (Sync.Probe(_mapping.Native, _fileOffset + SyncBlock.WriteLockByte) == LockProbe.Free && Volatile.Read(ref *Sequence) == odd)
        {
            var version = Volatile.Read(ref *VersionWord);
            throw new SharedArrayTornException(
                $"{Description}: a write after version {version} was abandoned (its writer died inside it), so the data may be torn; the next BeginWrite takes over.",
                Name, version);
        }
    }

    // ---- waiting for a change ---------------------------------------------------------------

    public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version)
    {
        CheckTimeout(timeout);
        var deadline = Deadline(timeout);
        using var counted = new Counted(this);
        var mapping = Use();
        try
        {
            while (true)
            {
                var sequence = Volatile.Read(ref *Sequence);
                version = Volatile.Read(ref *VersionWord);
                if (version != seenVersion)
                {
                    return true;
                }
                ThrowIfRetired();
                ThrowIfClosed();
                var left = deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(0, Math.Max(0, deadline - Stopwatch.GetTimestamp()));
                if (left == TimeSpan.Zero)
                {
                    return false;
                }
                // The one sleep that only a wake-up ends (no slice: a timed FUTEX_WAIT arms a kernel timer on every
                // hand-off of a ping-pong). Counted, so Close keeps waking it until it has left.
                Sync.Wait(Sequence, sequence, left);
            }
        }
        finally
        {
            mapping.Release();
        }
    }

    public ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken) =>
        WaitForChangeAsync(seenVersion, cancellationToken, ChangeDispatcher.Instance);

    /// <summary><see cref="WaitForChangeAsync(long, CancellationToken)"/> served by <paramref name="dispatcher"/> (tests give one of their own).</summary>
    internal ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken, ChangeDispatcher dispatcher)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<long>(cancellationToken);
        }
        var version = Version;
        if (version != seenVersion)
        {
            return ValueTask.FromResult(version);
        }
        ThrowIfRetired();
        return new ValueTask<long>(dispatcher.Register(this, Hold(), seenVersion, cancellationToken));
    }

    /// <summary>The word every change bumps and wakes (retiring too), which <see cref="ChangeDispatcher"/> sleeps on.</summary>
    internal nint ChangeWord => (nint)Sequence;

    /// <summary>
    /// Whether the version differs from <paramref name="seenVersion"/>, for <see cref="ChangeDispatcher"/>
    /// (which reads <see cref="ChangeWord"/> first, and holds the mapping); <paramref name="version"/> is
    /// the version now. Unchanged, it throws once the segment is retired or the array disposed.
    /// </summary>
    internal bool HasChanged(long seenVersion, out long version)
    {
        version = Volatile.Read(ref *VersionWord);
        if (version != seenVersion)
        {
            return true;
        }
        ThrowIfRetired();
        ThrowIfClosed();
        return false;
    }

    // ---- the reader/writer lock -------------------------------------------------------------

    public SharedArrayLock AcquireLock(bool exclusive, TimeSpan timeout)
    {
        CheckTimeout(timeout);
        using var counted = new Counted(this);
        var hold = Hold();
        try
        {
            var description = Sync.OpenLockDescription(_mapping.Native, exclusive);
            try
            {
                if (!WaitForLock(description, SyncBlock.ReadWriteLockByte, exclusive, timeout))
                {
                    throw new TimeoutException($"{Description}: the {(exclusive ? "exclusive" : "shared")} lock was not granted within {timeout}.");
                }
            }
            catch
            {
                description.Dispose();
                throw;
            }
            return new SharedArrayLock(this, hold, description, exclusive);
        }
        catch
        {
            hold.Release();
            throw;
        }
    }

    /// <summary>The write lock on the kept description, or <c>null</c> when <paramref name="timeout"/> passed first.</summary>
    private SafeFileHandle? AcquireWrite(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!_writeGate.Wait(timeout, _closing.Token))
            {
                return null;
            }
        }
        catch (OperationCanceledException)
        {
            throw Disposed();
        }
        SafeFileHandle? description = null;
        var referenced = false;
        try
        {
            description = KeptWriteDescription();
            // Counted while held, so Close during a write scope defers the close until the scope ends.
            description.DangerousAddRef(ref referenced);
            var left = timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - Stopwatch.GetElapsedTime(started)).Ticks));
            if (Sync.TryLock(description, _fileOffset + SyncBlock.WriteLockByte, exclusive: true) || WaitForWriteLock(description, left))
            {
                return description;
            }
        }
        catch
        {
            if (referenced) description!.DangerousRelease();
            _writeGate.Release();
            throw;
        }
        if (referenced) description.DangerousRelease();
        _writeGate.Release();
        return null;
    }

    /// <summary>
    /// The kept write-lock description, opened on first use. One opened while <see cref="Close"/> runs
    /// is closed here: Close marks the region closed before it takes the kept one, so whichever of the
    /// two comes second closes it, and no descriptor outlives the array until a garbage collection.
    /// </summary>
    private SafeFileHandle KeptWriteDescription()
    {
        var kept = Volatile.Read(ref _writeDescription);
        if (kept is null)
        {
            var opened = Sync.OpenLockDescription(_mapping.Native, exclusive: true);
            kept = Interlocked.CompareExchange(ref _writeDescription, opened, null) ?? opened;
            if (!ReferenceEquals(kept, opened))
            {
                opened.Dispose();
            }
        }
        if (_closed)
        {
            Interlocked.Exchange(ref _writeDescription, null)?.Dispose();
            throw Disposed();
        }
        return kept;
    }

    /// <summary>
    /// Unlocks the kept description and lets the next thread of this process in, then wakes whoever
    /// waits for a change and whoever waits for the lock. The lock goes first: a woken reader that
    /// opens a write scope at once (a reply) would otherwise find it still held and sleep a second time.
    /// </summary>
    private void ReleaseWrite(SafeFileHandle description)
    {
        try
        {
            Sync.Unlock(description, _fileOffset + SyncBlock.WriteLockByte);
        }
        finally
        {
            description.DangerousRelease();
            _writeGate.Release();
        }
        Sync.WakeAll(Sequence);
        // Read after the unlock: a waiter counts itself before it tries the lock, so one that found it
        // still held is counted here (the kernel's lock on the file's lock list orders the two).
        if (Volatile.Read(ref *WriteLockWaiters) != 0)
        {
            WakeLockWaiters();
        }
    }

    /// <summary>
    /// The array is being disposed: every wait of this region in this process ends with
    /// <see cref="ObjectDisposedException"/> (pending async waits at once, through
    /// <see cref="ChangeDispatcher.Close"/>), and the kept write-lock description closes (after the write
    /// scope that holds it, if one does). The sleeping ones are woken until every counted one has left,
    /// with no time limit: a waiter that looked at the flag just before it was set may go to sleep after
    /// any number of wake-ups (a thread kept off the CPU under load), and only a later one ends a wait for a
    /// change. That never waits long: every counted member looks at the flag between sleeps, every other
    /// sleep is a slice of at most <see cref="DeadHolderCheck"/>, and a wait for the write gate is cancelled.
    /// The waiters hold the mapping while inside, so nothing they touch is unmapped under them; when this
    /// returns they have released it.
    /// </summary>
    public void Close()
    {
        _closed = true;
        // A full fence between setting the flag and reading the count (Counted does the reverse).
        Interlocked.MemoryBarrier();
        ChangeDispatcher.Instance.Close(this);
        Interlocked.Exchange(ref _writeDescription, null)?.Dispose();
        _closing.Cancel();
        for (var round = 0; Volatile.Read(ref _inside) > 0; round++)
        {
            // A waiter between its look at the flag and its sleep misses the wake-ups before its sleep, however
            // many (a thread kept off the CPU misses them all); the first one after it ends the sleep.
            Sync.WakeAll(Sequence);
            Sync.WakeAll(LockChanges);
            Sync.WakeAll(WordLockWord);
            if (round < 64) Thread.Yield(); else Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Waits for the write lock counted among its waiters, so that its holder wakes the lock word on
    /// release; an uncontended publish skips that system call.
    /// </summary>
    private bool WaitForWriteLock(SafeFileHandle description, TimeSpan timeout)
    {
        Interlocked.Increment(ref *WriteLockWaiters);
        try
        {
            return WaitForLock(description, SyncBlock.WriteLockByte, exclusive: true, timeout);
        }
        finally
        {
            Interlocked.Decrement(ref *WriteLockWaiters);
        }
    }

    /// <summary>Takes the lock on byte <paramref name="lockByte"/> for <paramref name="description"/>; false when <paramref name="timeout"/> passed first.</summary>
    private bool WaitForLock(SafeFileHandle description, int lockByte, bool exclusive, TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            ThrowIfClosed();
            // Read before trying: a release between the try and the sleep changes the word, so the sleep returns at once.
            var changes = Volatile.Read(ref *LockChanges);
            if (Sync.TryLock(description, _fileOffset + lockByte, exclusive))
            {
                return true;
            }
            var left = deadline - Stopwatch.GetTimestamp();
            if (!infinite && left <= 0)
            {
                return false;
            }
            var slice = infinite ? DeadHolderCheck : TimeSpan.FromTicks(Math.Min(DeadHolderCheck.Ticks, Stopwatch.GetElapsedTime(0, left).Ticks));
            Sync.Wait(LockChanges, changes, slice);
        }
    }

    /// <summary>Closes a lock description (the kernel drops its lock) and wakes whoever waits for a lock.</summary>
    /// <remarks>
    /// A read-only mapping cannot bump the word; its wake still reaches sleeping waiters, and one that
    /// was about to sleep finds the lock free after at most <see cref="DeadHolderCheck"/>.
    /// </remarks>
    internal void Release(SafeFileHandle description)
    {
        description.Dispose();
        WakeLockWaiters();
    }

    private void WakeLockWaiters()
    {
        if (_mapping.Native.Writable)
        {
            Interlocked.Increment(ref *LockChanges);
        }
        Sync.WakeAll(LockChanges);
    }

    /// <summary>Which reader/writer lock another description holds now, for <see cref="SharedMemory.Inspect"/>.</summary>
    public static LockProbe ProbeLock(NativeSegment native, SegmentLayout layout, bool writeLock) =>
        Sync.Probe(native, layout.SyncBlockOffset + (writeLock ? SyncBlock.WriteLockByte : SyncBlock.ReadWriteLockByte));

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>One more user of the mapping while this process sleeps or holds a scope, so disposing the array cannot unmap the words under it.</summary>
    private Hold Hold() => new(Use());

    /// <summary>The same for a call that gives it back before it returns: <see cref="SegmentMapping.Release"/>, without an object to allocate.</summary>
    private SegmentMapping Use() =>
        _mapping.Share() ?? throw Disposed();

    /// <summary>
    /// A thread counted in <see cref="_inside"/> for as long as it may sleep, the one way any member of this
    /// region counts itself: so no wait starts uncounted, and <see cref="Close"/> keeps waking it until it
    /// has left. It counts first and then looks at the flag, while Close sets the flag, fences, and then
    /// reads the count: one of the two sees the other. Declared before the member takes the mapping, so
    /// the mapping is given back before the count drops (Close then finds it released).
    /// </summary>
    private ref struct Counted
    {
        private SyncRegion? _region;

        /// <summary>Counts this thread in; throws <see cref="ObjectDisposedException"/> (uncounted) once the array is disposed.</summary>
        public Counted(SyncRegion region)
        {
            Interlocked.Increment(ref region._inside);
            if (region._closed)
            {
                Interlocked.Decrement(ref region._inside);
                throw region.Disposed();
            }
            _region = region;
        }

        /// <summary>Counts this thread out, once.</summary>
        public void Dispose()
        {
            if (_region is { } region)
            {
                _region = null;
                Interlocked.Decrement(ref region._inside);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw Disposed();
        }
    }

    /// <summary>What a member of a disposed array, a pending async wait too, ends with.</summary>
    internal ObjectDisposedException Disposed() => new(Name, $"Shared array '{Name}' has been disposed.");

    /// <summary>The <see cref="Stopwatch"/> timestamp <paramref name="timeout"/> from now; <see cref="long.MaxValue"/> for an infinite one.</summary>
    private static long Deadline(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    /// <summary>How long to sleep before looking again at a holder: <see cref="DeadHolderCheck"/>, or less when the deadline is nearer.</summary>
    private static TimeSpan Slice(long deadline) =>
        deadline == long.MaxValue
            ? DeadHolderCheck
            : TimeSpan.FromTicks(Math.Min(DeadHolderCheck.Ticks, Stopwatch.GetElapsedTime(0, Math.Max(0, deadline - Stopwatch.GetTimestamp())).Ticks));

    private void CheckTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"{Description}: a timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
    }
}

/// <summary>A counted use of a mapping, released once.</summary>
internal sealed class Hold(SegmentMapping mapping)
{
    private SegmentMapping? _mapping = mapping;

    public void Release() => Interlocked.Exchange(ref _mapping, null)?.Release();
}
