namespace SharedTyped.Diagnostics;

public sealed partial record SegmentInfo
{
    /// <summary>
    /// Bytes of the segment on huge pages, read from <c>/proc/self/smaps</c> over the mapping that
    /// <see cref="SharedMemory.Inspect"/> makes (every page of it mapped in first). 0 off Linux.
    /// </summary>
    public long HugePageBytes { get; init; }

    /// <summary>Whether the whole segment is on huge pages: <see cref="HugePageBytes"/> covers all of its <see cref="SegmentBytes"/>.</summary>
    public bool UsesHugePages => SegmentBytes > 0 && HugePageBytes >= SegmentBytes;
}
