namespace SharedTyped;

internal readonly partial record struct SegmentCreateRequest
{
    /// <summary>Whether the new segment is to be backed by huge pages; a property so that the positional shape other callers use stays as it is.</summary>
    public HugePages HugePages { get; init; }
}
