namespace SharedTyped;

internal readonly partial record struct SegmentCreateRequest
{
    /// <summary>Whether the new segment is to be backed by huge pages; a property so that the positional shape other callers use stays as it is.</summary>
    public HugePages HugePages { get; init; }

    /// <summary>
    /// How a message names the array being made (<c>Shared array 'prices' (double, shape (10, 3))</c>); <c>null</c>
    /// names it by its name alone. A function, called only when a message is made: a create without a logger
    /// formats nothing (tests/SharedTyped.Reliability.Tests/SilentPathTests.cs).
    /// </summary>
    public Func<string>? Subject { get; init; }
}
