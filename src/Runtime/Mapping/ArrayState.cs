using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SharedTyped;

/// <summary>
/// What <see cref="SharedArray{T}"/> and <see cref="ReadOnlySharedArray{T}"/> both hold: the mapping,
/// the data pointer and the shape. A struct inside each, so an element access is one field load away.
/// </summary>
internal unsafe partial struct ArrayState<T> where T : unmanaged
{
    private SegmentMapping? _mapping;
    private T* _data;
    private readonly long[] _shape;
    private readonly long _length;
    // The extents again, as fields: an indexer then loads them side by side with the data pointer
    // instead of through the shape array. The first extent is kept once per indexer arity and is 0 in
    // the fields of the other arities, so that one unsigned compare rejects both an index out of range
    // and a wrong number of indices; only the throw path tells which (and a random read does one
    // load and one compare fewer, which keeps more of them in flight).
    private readonly int _rank;
    private readonly long _extent0Rank1, _extent0Rank2, _extent0Rank3, _extent0Rank4;
    private readonly long _extent1, _extent2, _extent3;
    private readonly string _name;
    private readonly SegmentLifetime _lifetime;

    /// <summary>An array over <paramref name="mapping"/>, which has already joined for <paramref name="lifetime"/> (see <see cref="SegmentMapping.Join"/>).</summary>
    public ArrayState(SegmentMapping mapping, string name, SegmentLifetime lifetime)
    {
        _mapping = mapping;
        _data = (T*)(mapping.Address + mapping.Layout.DataOffset);
        _shape = mapping.Layout.Shape;
        _length = mapping.Layout.ElementCount;
        _rank = _shape.Length;
        _extent0Rank1 = _rank == 1 ? _shape[0] : 0;
        _extent0Rank2 = _rank == 2 ? _shape[0] : 0;
        _extent0Rank3 = _rank == 3 ? _shape[0] : 0;
        _extent0Rank4 = _rank == 4 ? _shape[0] : 0;
        _extent1 = _rank > 1 ? _shape[1] : 0;
        _extent2 = _rank > 2 ? _shape[2] : 0;
        _extent3 = _rank > 3 ? _shape[3] : 0;
        _name = name;
        _lifetime = lifetime;
    }

    public readonly bool IsDisposed => _data == null;

    public readonly string Name { get { ThrowIfDisposed(); return _name; } }

    public readonly ReadOnlySpan<long> Shape { get { ThrowIfDisposed(); return _shape; } }

    public readonly int Rank { get { ThrowIfDisposed(); return _shape.Length; } }

    public readonly long Length { get { ThrowIfDisposed(); return _length; } }

    public readonly long ByteLength { get { ThrowIfDisposed(); return _length * sizeof(T); } }

    /// <summary>The mapping; read once, since Dispose on another thread clears it before the data pointer.</summary>
    public readonly SegmentMapping Mapping
    {
        get
        {
            var mapping = Volatile.Read(in _mapping);
            if (mapping is null)
            {
                ThrowDisposed();
            }
            return mapping;
        }
    }

    /// <summary>Whether the name still names this array's segment (it was not deleted, nor replaced by a Force create).</summary>
    public readonly bool IsCurrent => Mapping.Native.IsCurrent();

    /// <summary>The segment's identity as it was when mapped (src/Runtime/Mapping/SegmentIds.cs).</summary>
    public readonly string SegmentId => Mapping.SegmentId;

    /// <summary>Whether every page of the segment is backed; see <see cref="NativeSegment.IsReserved"/>.</summary>
    public readonly bool IsReserved => Mapping.Native.IsReserved;

    public readonly bool UsesHugePages => Mapping.Native.UsesHugePages;

    public readonly long HugePageBytes => Mapping.Native.HugePageBytes;

    public readonly bool WaitForHugePages(TimeSpan timeout) => Mapping.Native.WaitForHugePages(timeout);

    public readonly T* Data
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var data = _data;
            if (data == null)
            {
                ThrowDisposed();
            }
            return data;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T At(long i)
    {
        var data = Data;
        if ((ulong)i >= (ulong)_extent0Rank1) ThrowIndexOrRank(1);
        return ref data[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T At(long i, long j)
    {
        var data = Data;
        if ((ulong)i >= (ulong)_extent0Rank2 || (ulong)j >= (ulong)_extent1) ThrowIndexOrRank(2);
        return ref data[i * _extent1 + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T At(long i, long j, long k)
    {
        var data = Data;
        if ((ulong)i >= (ulong)_extent0Rank3 || (ulong)j >= (ulong)_extent1 || (ulong)k >= (ulong)_extent2) ThrowIndexOrRank(3);
        return ref data[(i * _extent1 + j) * _extent2 + k];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T At(long i, long j, long k, long l)
    {
        var data = Data;
        if ((ulong)i >= (ulong)_extent0Rank4 || (ulong)j >= (ulong)_extent1 || (ulong)k >= (ulong)_extent2 || (ulong)l >= (ulong)_extent3) ThrowIndexOrRank(4);
        return ref data[((i * _extent1 + j) * _extent2 + k) * _extent3 + l];
    }

    /// <summary>Any rank; the scalar of a rank-0 array is <c>At([])</c>.</summary>
    public readonly ref T At(scoped ReadOnlySpan<long> indices)
    {
        var data = Data;
        if (indices.Length != _shape.Length) ThrowRank(indices.Length);
        long offset = 0;
        for (var d = 0; d < indices.Length; d++)
        {
            if ((ulong)indices[d] >= (ulong)_shape[d]) ThrowIndex();
            offset = offset * _shape[d] + indices[d];
        }
        return ref data[offset];
    }

    public readonly Span<T> AsSpan()
    {
        var data = Data;
        if (_length > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"{Describe.Array<T>(_name, _shape)} has {_length} elements, more than one span can hold; use Row or the indexer.");
        }
        return new Span<T>(data, (int)_length);
    }

    public readonly Span<T> Row(long i)
    {
        var data = Data;
        if (_shape.Length < 2)
        {
            throw new InvalidOperationException($"{Describe.Array<T>(_name, _shape)} has rank {_shape.Length}; Row needs rank 2 or more.");
        }
        if ((ulong)i >= (ulong)_shape[0]) ThrowIndex();
        var rowLength = _length / _shape[0];
        if (rowLength > int.MaxValue)
        {
            throw new InvalidOperationException($"{Describe.Array<T>(_name, _shape)}: a row of {rowLength} elements is more than one span can hold.");
        }
        return new Span<T>(data + i * rowLength, (int)rowLength);
    }

    /// <summary>Ends this array's use of the mapping; only the first call does anything.</summary>
    public void Dispose(ActivityLog log)
    {
        var mapping = Interlocked.Exchange(ref _mapping, null);
        if (mapping is null)
        {
            return;
        }
        _data = null;
        if (mapping.Leave(_lifetime))
        {
            log.Deleted(_name);
        }
        mapping.Release();
        log.Closed(_name);
    }

    public readonly void ThrowIfDisposed()
    {
        if (_data == null)
        {
            ThrowDisposed();
        }
    }

    [DoesNotReturn]
    private readonly void ThrowDisposed() =>
        throw new ObjectDisposedException($"SharedArray<{ElementType<T>.Name}>", $"Shared array '{_name}' has been disposed.");

    [DoesNotReturn]
    private readonly void ThrowRank(int given) =>
        throw new ArgumentException($"{Describe.Array<T>(_name, _shape)} has rank {_shape.Length}; {given} indices were given.");

    /// <summary>An indexer of <paramref name="given"/> indices failed its compare: the wrong rank, or an index out of range.</summary>
    [DoesNotReturn]
    private readonly void ThrowIndexOrRank(int given)
    {
        if (_rank != given)
        {
            ThrowRank(given);
        }
        ThrowIndex();
    }

    [DoesNotReturn]
    private readonly void ThrowIndex() =>
        throw new IndexOutOfRangeException($"{Describe.Array<T>(_name, _shape)}: index out of range.");
}
