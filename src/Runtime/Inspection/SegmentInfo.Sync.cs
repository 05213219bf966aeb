namespace SharedTyped.Diagnostics;

// What the sync block says (src/Runtime/Sync/SyncBlock.cs), for `sharedtyped info` and other tools.
public sealed partial record SegmentInfo
{
    /// <summary>Whether the segment has a sync block (SharedTyped made it); cdxcore's and numpy's have none.</summary>
    public bool HasSyncBlock { get; init; }

    /// <summary>The published version, or -1 without a sync block.</summary>
    public long Version { get; init; } = -1;

    /// <summary>Whether a write scope is open (or was abandoned by a writer that died inside it).</summary>
    public bool WriteInProgress { get; init; }

    /// <summary>Whether a live process holds the write lock (a write scope or a <c>Publish</c> in progress).</summary>
    public bool WriteLockHeld { get; init; }

    /// <summary>A write in progress whose writer is gone: readers get <see cref="SharedArrayTornException"/> until the next write scope.</summary>
    public bool WriteAbandoned => WriteInProgress && !WriteLockHeld;

    /// <summary>Whether the reader/writer lock of <c>AcquireShared</c>/<c>AcquireExclusive</c> is held, and how: "none", "shared" or "exclusive".</summary>
    public string ReaderWriterLock { get; init; } = "none";

    /// <summary>The segment's identity: see <see cref="SharedArray{T}.SegmentId"/>.</summary>
    public string SegmentId { get; init; } = "";

    /// <summary>The info with what the sync block of the mapped segment says; unchanged where there is none or the platform cannot tell.</summary>
    internal static unsafe SegmentInfo WithSyncFacts(SegmentInfo info, NativeSegment native, SegmentLayout layout)
    {
        info = info with { SegmentId = SegmentIds.Of(native, layout) };
        var block = SyncBlock.Find(native, layout, out var layoutVersion);
        if (block == null || layoutVersion != SyncBlock.CurrentLayoutVersion || SegmentSync.Current is UnsupportedSegmentSync)
        {
            return info with { HasSyncBlock = block != null };
        }
        var writeLock = SyncRegion.ProbeLock(native, layout, writeLock: true);
        var readerWriter = SyncRegion.ProbeLock(native, layout, writeLock: false);
        return info with
        {
            HasSyncBlock = true,
            Version = Volatile.Read(ref *(long*)(block + SyncBlock.VersionOffset)),
            WriteInProgress = (Volatile.Read(ref *(uint*)(block + SyncBlock.SequenceOffset)) & 1) != 0,
            WriteLockHeld = writeLock != LockProbe.Free,
            ReaderWriterLock = readerWriter switch { LockProbe.Shared => "shared", LockProbe.Exclusive => "exclusive", _ => "none" },
        };
    }
}
