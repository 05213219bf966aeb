namespace SharedTyped.Diagnostics;

/// <summary>What a segment's header and the system say about it; see <see cref="SharedMemory.Inspect"/>.</summary>
/// <param name="Name">The segment name.</param>
/// <param name="Code">The element-type code.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="DataOffset">Where the data starts.</param>
/// <param name="SegmentBytes">The segment's whole size.</param>
/// <param name="OwnerId">The owning user id, or -1 where the system has none.</param>
/// <param name="Mode">The permission bits, or -1 where the system has none.</param>
public sealed partial record SegmentInfo(string Name, DTypeCode Code, IReadOnlyList<long> Shape, int ItemSize, long DataOffset, long SegmentBytes, long OwnerId, int Mode)
{
    /// <summary>numpy's name of the element type.</summary>
    public string ElementType => DTypeCodes.Name(Code);

    /// <summary>The number of elements.</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);
}
