namespace SharedTyped;

public sealed unsafe partial class SharedArray<T>
{
    /// <summary>
    /// The whole array as a <see cref="Memory{T}"/>, for APIs that take one (<c>Stream.ReadAsync</c>, pipelines,
    /// channels, fields). Unlike a span, the memory keeps the mapping alive while it is reachable or pinned, even
    /// after this array is disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than <see cref="int.MaxValue"/> elements: use <see cref="AsMemory(long, int)"/> or <see cref="AsMemoryChunks"/>.</exception>
    /// <example>
    /// <code>
    /// using var bytes = SharedArray.Create&lt;byte&gt;("blob", [file.Length]);
    /// await file.ReadExactlyAsync(bytes.AsMemory());
    /// </code>
    /// </example>
    public Memory<T> AsMemory() => _state.Memory();

    /// <summary><paramref name="length"/> elements from element <paramref name="start"/> (C order) as a <see cref="Memory{T}"/> that keeps the mapping alive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public Memory<T> AsMemory(long start, int length) => _state.Memory(start, length);

    /// <summary><paramref name="length"/> elements from element <paramref name="start"/> in C order; reaches every element of arrays too long for <see cref="AsSpan()"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    /// <remarks>Like every span of the array, it does not keep the array alive: keep the array open while it is in use.</remarks>
    public Span<T> AsSpan(long start, int length) => _state.Slice(start, length);

    /// <summary>Every element in C order as consecutive spans of at most <paramref name="chunkLength"/> elements: <c>foreach (var chunk in a.Chunks()) …</c>.</summary>
    /// <remarks>Keep the array open while the spans are in use.</remarks>
    public SharedArrayChunks<T> Chunks(int chunkLength = ChunkRanges.MaxLength) => _state.Chunks(chunkLength);

    /// <summary>Every element in C order as memories of at most <paramref name="chunkLength"/> elements, each keeping the mapping alive; for async I/O on arrays of any size.</summary>
    public IEnumerable<Memory<T>> AsMemoryChunks(int chunkLength = ChunkRanges.MaxLength) => _state.MemoryChunks(chunkLength);
}
