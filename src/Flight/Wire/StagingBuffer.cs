using System.Runtime.InteropServices;

namespace SharedTyped.Flight;

/// <summary>
/// Native memory that holds a transfer until every byte has arrived; only then does it become a
/// segment, so a transfer that fails half way leaves no name behind. A buffer for a peer's claim grows
/// with the bytes written into it (doubling, up to the claim), so a peer that claims much and sends
/// little makes this process hold little.
/// </summary>
internal sealed unsafe class StagingBuffer : IDisposable
{
    /// <summary>The first allocation of a growing buffer.</summary>
    private const long InitialCapacity = 1 << 20;

    private byte* _data;

    /// <summary>A buffer for the whole of <paramref name="array"/>, as a peer claims it; it must fit the span a segment is created from.</summary>
    public static StagingBuffer For(ArrayDescription array) => array.ElementCount <= int.MaxValue
        ? new StagingBuffer(array.DataBytes, Math.Min(array.DataBytes, InitialCapacity))
        : throw new SharedArrayFlightException(
            $"{array.Subject} has {array.ElementCount} elements; one transfer publishes at most {int.MaxValue}.");

    /// <summary>A buffer of <paramref name="length"/> bytes allocated at once, for a length this process knows.</summary>
    public static StagingBuffer ForBytes(long length) => new(length, length);

    private StagingBuffer(long length, long capacity)
    {
        Length = length;
        Capacity = capacity;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, capacity), (nuint)SharedArray.Alignment);
    }

    /// <summary>The bytes the buffer holds when complete.</summary>
    public long Length { get; }

    /// <summary>The bytes allocated now.</summary>
    public long Capacity { get; private set; }

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>, which must lie inside the buffer; grows it to reach them.</summary>
    public Span<byte> Slice(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + length} lie outside a staging buffer of {Length}.");
        }
        if (offset + length > Capacity)
        {
            var capacity = Math.Min(Length, Math.Max(offset + length, Capacity * 2));
            _data = (byte*)NativeMemory.AlignedRealloc(_data, (nuint)capacity, (nuint)SharedArray.Alignment);
            Capacity = capacity;
        }
        return new Span<byte>(_data + offset, length);
    }

    /// <summary>The whole buffer as elements, once every byte has been written; the caller has checked that their count fits a span.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        if (Capacity < Length)
        {
            throw new InvalidOperationException($"A staging buffer of {Length} bytes holds only {Capacity}; the transfer is not complete.");
        }
        return new ReadOnlySpan<T>(_data, checked((int)(Length / sizeof(T))));
    }

    public void Dispose()
    {
        if (_data is not null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}
