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
/// only what an OS must give. The protocol itself (the word lock, versions, the retired mark) is the
/// project's own, on plain 32-bit words of the sync block (docs/format.md, "The sync block"); a port
/// gives it a wait on a word, a wake of its waiters, and whether the process a lock word names is alive,
/// and byte-range locks the kernel drops when their holder dies.
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

    /// <summary>
    /// Whether the process <paramref name="processId"/> (as <see cref="Environment.ProcessId"/> gives it
    /// there; 1 to <see cref="SyncBlock.MaxOwnerId"/>) still runs. A stopped process is alive; one that
    /// exited and was not yet reaped is not.
    /// </summary>
    bool IsAlive(int processId);

    /// <summary>A new open file description of the segment, whose locks belong to it alone; closing it releases them.</summary>
    SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive);

    /// <summary>Takes a shared or exclusive lock on byte <paramref name="offset"/> without waiting; false when another description holds a conflicting one.</summary>
    bool TryLock(SafeFileHandle description, long offset, bool exclusive);

    /// <summary>Releases the lock <paramref name="description"/> holds on byte <paramref name="offset"/>.</summary>
    void Unlock(SafeFileHandle description, long offset);

    /// <summary>Which lock, if any, another open file description holds on byte <paramref name="offset"/> of the segment.</summary>
    LockProbe Probe(NativeSegment segment, long offset);
}

/// <summary>The coordination primitives of the platform this process runs on.</summary>
internal static class SegmentSync
{
    public static ISegmentSync Current { get; } =
        OperatingSystem.IsLinux() ? new LinuxSegmentSync()
        : OperatingSystem.IsWindows() ? new WindowsSegmentSync()
        : new UnsupportedSegmentSync();
}
