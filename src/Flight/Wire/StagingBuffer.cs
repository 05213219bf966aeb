using System.Runtime.InteropServices;

namespace SharedTyped.Flight;

/// <summary>
/// Native memory that holds a transfer until every byte has arrived; only then does it become a
/// segment, so a transfer that fails half way leaves no name behind.
/// </summary>
internal sealed unsafe class StagingBuffer : IDisposable
{
    private byte* _data;

    /// <summary>A buffer for the whole of <paramref name="array"/>, which must fit the span a segment is created from.</summary>
    public static StagingBuffer For(ArrayDescription array) => array.ElementCount <= int.MaxValue
        ? new StagingBuffer(array.DataBytes)
        : throw new SharedArrayFlightException(
            $"{array.Subject} has {array.ElementCount} elements; one transfer publishes at most {int.MaxValue}.");

    /// <summary>A buffer of <paramref name="length"/> bytes.</summary>
    public static StagingBuffer ForBytes(long length) => new(length);

    private StagingBuffer(long length)
    {
        Length = length;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length), (nuint)SharedArray.Alignment);
    }

    public long Length { get; }

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>, which must lie inside the buffer.</summary>
    public Span<byte> Slice(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
        if (offset < 0 || length < 0 || offset > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + length} lie outside a staging buffer of {Length}.");
        }
        return new Span<byte>(_data + offset, length);
    }

    /// <summary>The whole buffer as elements; the caller has checked that their count fits a span.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_data is null, this);
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
