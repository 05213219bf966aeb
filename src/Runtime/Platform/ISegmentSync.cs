using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>What a lock probe found on a byte of a segment.</summary>
internal enum LockProbe
{
    /// <summary>No other open file description holds a lock there.</summary>
    Free,

    /// <summary>Another description holds a shared (read) lock.</summary>
    Shared,

    /// <summary>Another description holds an exclusive (write) lock.</summary>
    Exclusive,
}

/// <summary>
/// The seam between the coordination of shared arrays (src/Runtime/Sync/) and one operating system:
/// a wait on a 32-bit word in shared memory that any process can wake, and byte-range locks that
/// the kernel drops when their holder dies.
/// </summary>
internal unsafe interface ISegmentSync
{
    /// <summary>
    /// Sleeps while <c>*word == expected</c>, woken by <see cref="WakeAll"/> from any process mapping
    /// the same memory. False when <paramref name="timeout"/> passed; true when woken, when the word
    /// had already changed, or spuriously. <see cref="Timeout.InfiniteTimeSpan"/> waits without end.
    /// </summary>
    bool Wait(uint* word, uint expected, TimeSpan timeout);

    /// <summary>Wakes every waiter on <paramref name="word"/> in every process.</summary>
    void WakeAll(uint* word);

    /// <summary>A new open file description of the segment, whose locks belong to it alone; closing it releases them.</summary>
    SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive);

    /// <summary>Takes a shared or exclusive lock on byte <paramref name="offset"/> without waiting; false when another description holds a conflicting one.</summary>
    bool TryLock(SafeFileHandle description, long offset, bool exclusive);

    /// <summary>Releases the lock <paramref name="description"/> holds on byte <paramref name="offset"/>.</summary>
    void Unlock(SafeFileHandle description, long offset);

    /// <summary>Which lock, if any, another open file description holds on byte <paramref name="offset"/> of the segment.</summary>
    LockProbe Probe(NativeSegment segment, long offset);

    /// <summary>
    /// Makes the word lock in the zeroed <see cref="SyncBlock.WordLockLength"/> bytes at
    /// <paramref name="wordLock"/> of a new segment; returns its kind for the sync block, 0 when this
    /// platform makes none (and so supports no sync members).
    /// </summary>
    uint InitializeWordLock(byte* wordLock);

    /// <summary>Whether this process can take a word lock of <paramref name="kind"/>.</summary>
    bool SupportsWordLock(uint kind);

    /// <summary>
    /// Takes the word lock (a holder keeps it for a few stores); one that died holding it hands it on.
    /// Throws when the lock is unusable (its bytes were overwritten).
    /// </summary>
    void LockWord(byte* wordLock, string owner);

    /// <summary>Releases the word lock this thread holds.</summary>
    void UnlockWord(byte* wordLock);
}

/// <summary>The coordination primitives of the platform this process runs on.</summary>
internal static class SegmentSync
{
    public static ISegmentSync Current { get; } =
        OperatingSystem.IsLinux() ? new LinuxSegmentSync() : new UnsupportedSegmentSync();
}
