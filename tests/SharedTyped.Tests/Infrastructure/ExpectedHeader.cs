using System.Buffers.Binary;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>docs/format.md's header written out independently of the runtime, to compare its bytes against.</summary>
internal static class ExpectedHeader
{
    /// <summary>H = 8 + 8·ndim bytes: big-endian H, the code, big-endian 24-bit ndim, big-endian 64-bit dimensions.</summary>
    public static byte[] Bytes(byte code, ReadOnlySpan<long> shape)
    {
        var header = new byte[8 + 8 * shape.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)header.Length);
        header[4] = code;
        header[5] = (byte)(shape.Length >> 16);
        header[6] = (byte)(shape.Length >> 8);
        header[7] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8 + 8 * i), (ulong)shape[i]);
        }
        return header;
    }

    /// <summary>P = ceil(H / 64) · 64 (no element type here is aligned to more than 64).</summary>
    public static int DataOffset(int headerLength) => (headerLength + 63) / 64 * 64;
}
