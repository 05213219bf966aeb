namespace SharedTyped;

internal unsafe partial struct ArrayState<T> where T : unmanaged
{
    /// <summary><paramref name="length"/> elements from <paramref name="start"/> in C order, for arrays too long for one span.</summary>
    public readonly Span<T> Slice(long start, int length)
    {
        var data = Data;
        CheckRange(start, length);
        return new Span<T>(data + start, length);
    }

    /// <summary>A memory over the same elements that keeps the mapping alive while it is in use (see <see cref="SharedArrayMemoryManager{T}"/>).</summary>
    public readonly Memory<T> Memory(long start, int length)
    {
        var data = Data;
        CheckRange(start, length);
        if (!Mapping.TryAddUser())
        {
            ThrowDisposed();
        }
        return new SharedArrayMemoryManager<T>(Mapping, data + start, length).Memory;
    }

    /// <summary>The whole array as one memory; more than <see cref="int.MaxValue"/> elements need <see cref="Memory(long, int)"/> or chunks.</summary>
    public readonly Memory<T> Memory() => Memory(0, WholeLength("AsMemory"));

    /// <summary>Every element, as memories of at most <paramref name="chunkLength"/> elements.</summary>
    public readonly IEnumerable<Memory<T>> MemoryChunks(int chunkLength)
    {
        ChunkRanges.CheckChunkLength(chunkLength);
        ThrowIfDisposed();
        return MemoryChunks(this, chunkLength);
    }

    private static IEnumerable<Memory<T>> MemoryChunks(ArrayState<T> state, int chunkLength)
    {
        for (long start = 0; start < state._length; start += chunkLength)
        {
            yield return state.Memory(start, (int)Math.Min(chunkLength, state._length - start));
        }
    }

    public readonly SharedArrayChunks<T> Chunks(int chunkLength)
    {
        ChunkRanges.CheckChunkLength(chunkLength);
        return new SharedArrayChunks<T>(Data, _length, chunkLength);
    }

    private readonly int WholeLength(string member)
    {
        ThrowIfDisposed();
        if (_length > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"{Describe.Array<T>(_name, _shape)} has {_length} elements, more than one {member} can hold; use {member}(start, length) or the chunks.");
        }
        return (int)_length;
    }

    private readonly void CheckRange(long start, int length)
    {
        if (start < 0 || length < 0 || start > _length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"{Describe.Array<T>(_name, _shape)} has {_length} elements; elements {start} to {start + length} (exclusive) are not all inside it.");
        }
    }
}
