namespace SharedTyped.Flight;

/// <summary>Copies bytes out of an array's mapping.</summary>
internal static unsafe class RowReader
{
    public static void Copy<T>(ReadOnlySharedArray<T> array, long byteOffset, Span<byte> destination) where T : unmanaged
    {
        if (byteOffset < 0 || byteOffset > array.ByteLength - destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(byteOffset), $"bytes {byteOffset}..{byteOffset + destination.Length} lie outside {array}.");
        }
        new ReadOnlySpan<byte>((byte*)array.DangerousGetPointer() + byteOffset, destination.Length).CopyTo(destination);
    }
}
