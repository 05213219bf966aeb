namespace SharedTyped;

public sealed partial record SegmentInfo
{
    /// <summary>
    /// Whether the segment is backed by huge pages: its first page, mapped by <see cref="SharedArray.Inspect"/>,
    /// is mapped through a huge page-table entry (read from <c>/proc/self/smaps</c>). False off Linux.
    /// </summary>
    public bool UsesHugePages { get; init; }
}
