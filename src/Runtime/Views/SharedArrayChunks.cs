namespace SharedTyped;

/// <summary>
/// The elements of a shared array in C order as consecutive spans of at most a chosen length, for arrays with more
/// elements than one span holds: <c>foreach (Span&lt;T&gt; chunk in array.Chunks()) …</c>.
/// </summary>
public readonly unsafe ref struct SharedArrayChunks<T> where T : unmanaged
{
    private readonly T* _data;
    private readonly long _length;
    private readonly int _chunkLength;

    internal SharedArrayChunks(T* data, long length, int chunkLength)
    {
        _data = data;
        _length = length;
        _chunkLength = chunkLength;
    }

    /// <summary>How many chunks there are.</summary>
    public long Count => ChunkRanges.Count(_length, _chunkLength);

    /// <summary>Enumerates the chunks.</summary>
    public Enumerator GetEnumerator() => new(_data, _length, _chunkLength);

    /// <summary>Walks the chunks from the first element on.</summary>
    public ref struct Enumerator
    {
        private readonly T* _data;
        private readonly long _length;
        private readonly int _chunkLength;
        private long _next;

        internal Enumerator(T* data, long length, int chunkLength)
        {
            _data = data;
            _length = length;
            _chunkLength = chunkLength;
        }

        /// <summary>The current chunk.</summary>
        public Span<T> Current { get; private set; }

        /// <summary>Moves to the next chunk; false after the last.</summary>
        public bool MoveNext()
        {
            if (_next >= _length)
            {
                return false;
            }
            var length = (int)Math.Min(_chunkLength, _length - _next);
            Current = new Span<T>(_data + _next, length);
            _next += length;
            return true;
        }
    }
}

/// <summary>The read-only counterpart of <see cref="SharedArrayChunks{T}"/>.</summary>
public readonly unsafe ref struct ReadOnlySharedArrayChunks<T> where T : unmanaged
{
    private readonly SharedArrayChunks<T> _chunks;

    internal ReadOnlySharedArrayChunks(SharedArrayChunks<T> chunks) => _chunks = chunks;

    /// <summary>How many chunks there are.</summary>
    public long Count => _chunks.Count;

    /// <summary>Enumerates the chunks.</summary>
    public Enumerator GetEnumerator() => new(_chunks.GetEnumerator());

    /// <summary>Walks the chunks from the first element on.</summary>
    public ref struct Enumerator
    {
        private SharedArrayChunks<T>.Enumerator _inner;

        internal Enumerator(SharedArrayChunks<T>.Enumerator inner) => _inner = inner;

        /// <summary>The current chunk.</summary>
        public readonly ReadOnlySpan<T> Current => _inner.Current;

        /// <summary>Moves to the next chunk; false after the last.</summary>
        public bool MoveNext() => _inner.MoveNext();
    }
}

/// <summary>The one rule for cutting <c>length</c> elements into chunks.</summary>
internal static class ChunkRanges
{
    /// <summary>The default: the largest span .NET allows, so an array that fits in one span is one chunk.</summary>
    public const int MaxLength = int.MaxValue;

    public static long Count(long length, int chunkLength) => (length + chunkLength - 1) / chunkLength;

    public static void CheckChunkLength(int chunkLength) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkLength);
}
