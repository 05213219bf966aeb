namespace SharedTyped;

public sealed unsafe partial class ReadOnlySharedArray<T>
{
    /// <summary>
    /// The whole array as a <see cref="ReadOnlyMemory{T}"/> (<c>Stream.WriteAsync</c>, pipelines, channels, fields). Unlike a
    /// span, the memory keeps the mapping alive while it is reachable or pinned, even after this array is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than <see cref="int.MaxValue"/> elements: use <see cref="AsMemory(long, int)"/> or <see cref="AsMemoryChunks"/>.</exception>
    public ReadOnlyMemory<T> AsMemory() => _state.Memory();

    /// <summary><paramref name="length"/> elements from element <paramref name="start"/> (C order) as a <see cref="ReadOnlyMemory{T}"/> that keeps the mapping alive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public ReadOnlyMemory<T> AsMemory(long start, int length) => _state.Memory(start, length);

    /// <summary><paramref name="length"/> elements from element <paramref name="start"/> in C order; reaches every element of arrays too long for <see cref="AsSpan()"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    /// <remarks>Like every span of the array, it does not keep the array alive: keep the array open while it is in use.</remarks>
    public ReadOnlySpan<T> AsSpan(long start, int length) => _state.Slice(start, length);

    /// <summary>Every element in C order as consecutive spans of at most <paramref name="chunkLength"/> elements.</summary>
    /// <remarks>Keep the array open while the spans are in use.</remarks>
    public ReadOnlySharedArrayChunks<T> Chunks(int chunkLength = ChunkRanges.MaxLength)
    {
        var chunks = _state.Chunks(chunkLength);
        return new ReadOnlySharedArrayChunks<T>(chunks);
    }

    /// <summary>Every element in C order as read-only memories of at most <paramref name="chunkLength"/> elements, each keeping the mapping alive.</summary>
    public IEnumerable<ReadOnlyMemory<T>> AsMemoryChunks(int chunkLength = ChunkRanges.MaxLength) =>
        _state.MemoryChunks(chunkLength).Select(m => (ReadOnlyMemory<T>)m);
}
