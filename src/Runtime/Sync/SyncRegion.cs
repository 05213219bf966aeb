using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// The coordination protocol on one mapped sync block (src/Runtime/Sync/SyncBlock.cs): versions,
/// write scopes, waits for a change, torn-free copies and the reader/writer lock. Every array type
/// delegates here.
/// </summary>
internal sealed unsafe class SyncRegion
{
    /// <summary>
    /// How long a wait for a lock or for a write to finish sleeps before it looks again whether the
    /// holder is still alive: a holder killed by SIGKILL loses its lock in the kernel but cannot wake
    /// anyone, so this bounds how late a waiter notices.
    /// </summary>
    public static readonly TimeSpan DeadHolderCheck = TimeSpan.FromMilliseconds(50);

    /// <summary>Write scopes open in this process, by segment and thread, so a nested one fails instead of waiting for itself.</summary>
    private static readonly ConcurrentDictionary<(SegmentIdentity Segment, int Thread), byte> OpenWrites = new();

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

    private SyncRegion(SegmentMapping mapping, byte* block, string name, string description)
    {
        _mapping = mapping;
        _block = block;
        _fileOffset = block - mapping.Address;
        Name = name;
        Description = description;
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

    private byte* WordLock => _block + SyncBlock.WordLockOffset;

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

    public long Version => Volatile.Read(ref *VersionWord);

    /// <summary>Whether a write scope has begun and not ended (or its writer died inside it).</summary>
    public bool WriteInProgress => (Volatile.Read(ref *Sequence) & 1) != 0;

    // ---- writing ----------------------------------------------------------------------------

    public SharedArrayWriteScope BeginWrite(TimeSpan timeout)
    {
        CheckTimeout(timeout);
        var key = (_mapping.Native.Identity, Environment.CurrentManagedThreadId);
        if (OpenWrites.ContainsKey(key))
        {
            throw new InvalidOperationException($"{Description}: this thread already has a write scope open on it; dispose that one first (disposing it publishes).");
        }
        var hold = Hold();
        try
        {
            var description = AcquireWrite(timeout)
                ?? throw new TimeoutException($"{Description}: another writer kept the write lock for longer than {timeout}.");
            bool recovered;
            LockWordHoldingWrite(description);
            try
            {
                recovered = (Volatile.Read(ref *Sequence) & 1) != 0;
                Volatile.Write(ref *WriterPid, Environment.ProcessId);
                if (!recovered)
                {
                    // A full fence: no store to the data may become visible before readers see the odd word.
                    Interlocked.Increment(ref *Sequence);
                }
            }
            finally
            {
                Sync.UnlockWord(WordLock);
            }
            OpenWrites[key] = 0;
            return new SharedArrayWriteScope(this, hold, description, key, recovered);
        }
        catch
        {
            hold.Release();
            throw;
        }
    }

    /// <summary>Ends a write scope: publishes the next version, wakes every waiter and releases the write lock.</summary>
    internal long EndWrite(SafeFileHandle description, (SegmentIdentity, int) key)
    {
        OpenWrites.TryRemove(key, out _);
        long version;
        LockWordHoldingWrite(description);
        try
        {
            version = Volatile.Read(ref *VersionWord) + 1;
            Volatile.Write(ref *VersionWord, version);
            Volatile.Write(ref *WriterPid, 0);
            // A full fence: every store to the data is visible before readers see the even word.
            Interlocked.Increment(ref *Sequence);
        }
        finally
        {
            Sync.UnlockWord(WordLock);
        }
        // The sequence is even before the write lock goes: an odd one with the lock free means a dead writer.
        ReleaseWrite(description);
        return version;
    }

    public long Publish()
    {
        if (OpenWrites.ContainsKey((_mapping.Native.Identity, Environment.CurrentManagedThreadId)))
        {
            throw new InvalidOperationException($"{Description}: Publish was called inside this thread's write scope; disposing the scope publishes.");
        }
        var mapping = Use();
        try
        {
            // The word lock only, not the write lock: a publish is two stores and one wake-up, and a
            // write scope open in another process stays marked (plus two keeps the sequence odd).
            long version;
            LockWord();
            try
            {
                version = Volatile.Read(ref *VersionWord) + 1;
                Volatile.Write(ref *VersionWord, version);
                Volatile.Write(ref *Sequence, Volatile.Read(ref *Sequence) + 2);
            }
            finally
            {
                Sync.UnlockWord(WordLock);
            }
            Sync.WakeAll(Sequence);
            return version;
        }
        finally
        {
            mapping.Release();
        }
    }

    /// <summary>Takes the word lock, under which alone the version, the sequence and the writer pid change (src/Runtime/Sync/SyncBlock.cs).</summary>
    private void LockWord()
    {
        var kind = Volatile.Read(ref *(uint*)(_block + SyncBlock.WordLockKindOffset));
        if (!Sync.SupportsWordLock(kind))
        {
            throw new NotSupportedException($"{Description}: its sync block's word lock is of kind {kind}, which this process cannot take (it takes kind 1, glibc's robust pthread mutex).");
        }
        Sync.LockWord(WordLock, Description);
    }

    /// <summary>
    /// The word lock for the start or end of a write scope; when it cannot be had, the write lock goes
    /// before the exception does (a write left marked is then reported abandoned, as a dead writer's is).
    /// </summary>
    private void LockWordHoldingWrite(SafeFileHandle description)
    {
        try
        {
            LockWord();
        }
        catch
        {
            ReleaseWrite(description);
            throw;
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    public long ReadConsistent<T>(T* source, Span<T> destination) where T : unmanaged
    {
        while (true)
        {
            var before = Volatile.Read(ref *Sequence);
            if ((before & 1) != 0)
            {
                WaitForWriter(before);
                continue;
            }
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
    }

    public bool TryReadConsistent<T>(T* source, Span<T> destination, out long version) where T : unmanaged
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

    /// <summary>Sleeps until the write that made the sequence odd ends; throws if its writer is gone.</summary>
    private void WaitForWriter(uint odd)
    {
        Hold? hold = null;
        try
        {
            while (Volatile.Read(ref *Sequence) == odd)
            {
                ThrowIfAbandoned(odd);
                hold ??= Hold();
                Sync.Wait(Sequence, odd, DeadHolderCheck);
            }
        }
        finally
        {
            hold?.Release();
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
            var version = Version;
            throw new SharedArrayTornException(
                $"{Description}: a write after version {version} was abandoned (its writer died inside it), so the data may be torn; the next BeginWrite takes over.",
                Name, version);
        }
    }

    // ---- waiting for a change ---------------------------------------------------------------

    public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version)
    {
        CheckTimeout(timeout);
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        SegmentMapping? mapping = null;
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
                var left = infinite ? Timeout.InfiniteTimeSpan : Stopwatch.GetElapsedTime(0, Math.Max(0, deadline - Stopwatch.GetTimestamp()));
                if (!infinite && left <= TimeSpan.Zero)
                {
                    return false;
                }
                mapping ??= Use();
                Sync.Wait(Sequence, sequence, left);
            }
        }
        finally
        {
            mapping?.Release();
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
        return new ValueTask<long>(dispatcher.Register(this, Hold(), seenVersion, cancellationToken));
    }

    /// <summary>The word every change bumps and wakes, which <see cref="ChangeDispatcher"/> sleeps on.</summary>
    internal nint ChangeWord => (nint)Sequence;

    /// <summary>
    /// Whether the version differs from <paramref name="seenVersion"/>, for <see cref="ChangeDispatcher"/>
    /// (which reads <see cref="ChangeWord"/> first); <paramref name="version"/> is the version now.
    /// </summary>
    internal bool HasChanged(long seenVersion, out long version)
    {
        version = Volatile.Read(ref *VersionWord);
        return version != seenVersion;
    }

    /// <summary>What a wait of a disposed array ends with.</summary>
    internal ObjectDisposedException Disposed() => new(Name, $"Shared array '{Name}' has been disposed.");

    // ---- the reader/writer lock -------------------------------------------------------------

    public SharedArrayLock AcquireLock(bool exclusive, TimeSpan timeout)
    {
        CheckTimeout(timeout);
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
        if (!_writeGate.Wait(timeout))
        {
            return null;
        }
        SafeFileHandle? description = null;
        var referenced = false;
        try
        {
            description = _writeDescription ??= Sync.OpenLockDescription(_mapping.Native, exclusive: true);
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

    /// <summary>The array is being disposed: ends its pending async waits (ObjectDisposedException) and closes the kept write-lock description (after the write scope that holds it, if one does).</summary>
    public void Close()
    {
        ChangeDispatcher.Instance.Close(this);
        Interlocked.Exchange(ref _writeDescription, null)?.Dispose();
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

    /// <summary>Which reader/writer lock another description holds now, for <see cref="SharedArray.Inspect"/>.</summary>
    public static LockProbe ProbeLock(NativeSegment native, SegmentLayout layout, bool writeLock) =>
        Sync.Probe(native, layout.SyncBlockOffset + (writeLock ? SyncBlock.WriteLockByte : SyncBlock.ReadWriteLockByte));

    // ---- helpers ----------------------------------------------------------------------------

    /// <summary>One more user of the mapping while this process sleeps or holds a scope, so disposing the array cannot unmap the words under it.</summary>
    private Hold Hold() => new(Use());

    /// <summary>The same for a call that gives it back before it returns: <see cref="SegmentMapping.Release"/>, without an object to allocate.</summary>
    private SegmentMapping Use() =>
        _mapping.Share() ?? throw Disposed();

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
