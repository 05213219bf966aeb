using System.Buffers;

namespace SharedTyped;

/// <summary>
/// The owner of a <see cref="Memory{T}"/> over part of a shared array's mapping. It counts as one more user of the
/// mapping, so the memory stays mapped while a <see cref="Memory{T}"/> of it is reachable (a field, a pending
/// <c>Stream.ReadAsync</c>, a channel) or pinned, even after every array on the segment is disposed; the mapping goes
/// once the last such memory is collected (or this manager is disposed explicitly, which ends every memory of it).
/// </summary>
internal sealed unsafe class SharedArrayMemoryManager<T> : MemoryManager<T> where T : unmanaged
{
    private readonly T* _start;
    private readonly int _length;
    private SegmentMapping? _mapping;
    private int _pins;

    /// <summary>Over <paramref name="length"/> elements from <paramref name="start"/> of a mapping this manager has already been counted as a user of.</summary>
    public SharedArrayMemoryManager(SegmentMapping mapping, T* start, int length)
    {
        _mapping = mapping;
        _start = start;
        _length = length;
    }

    // CA2015 warns that a span taken from the memory does not keep this manager reachable, so the mapping may go
    // while only that span is left. That is the rule for every span of a shared array (docs/guarantees.md, "Use
    // after dispose"): keep the Memory<T> (or an array) reachable while its spans are in use. Without a finalizer
    // the mapping of a memory nobody disposes would never be released.
#pragma warning disable CA2015
    ~SharedArrayMemoryManager() => Dispose(disposing: false);
#pragma warning restore CA2015

    public override Span<T> GetSpan()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _mapping) is null, this);
        return new Span<T>(_start, _length);
    }

    /// <summary>The memory does not move; pinning only counts, so a finalizer never runs under a live pin's pointer.</summary>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _mapping) is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        Interlocked.Increment(ref _pins);
        return new MemoryHandle(_start + elementIndex, pinnable: this);
    }

    public override void Unpin() => Interlocked.Decrement(ref _pins);

    protected override void Dispose(bool disposing)
    {
        // A MemoryHandle keeps this manager reachable, so the finalizer never sees a pin; an explicit
        // dispose under a pin would pull the memory from under the pointer, and is refused.
        if (disposing && Volatile.Read(ref _pins) > 0)
        {
            throw new InvalidOperationException("The shared array memory is pinned; dispose its MemoryHandle first.");
        }
        Interlocked.Exchange(ref _mapping, null)?.Release();
        if (disposing)
        {
            GC.SuppressFinalize(this);
        }
    }
}
