using System.Buffers.Binary;
using System.Numerics;

namespace SharedTyped.Reliability.Tests.Fuzz;

/// <summary>What a header means, computed straight from docs/format.md ("The segment") with unbounded integers: the oracle the parser is held to.</summary>
internal sealed record ExpectedLayout(DTypeCode Code, long[] Shape, int ItemSize, long DataOffset, long ElementCount, long DataBytes, long TotalBytes);

internal static class HeaderSpec
{
    public const uint ExtensionMagic = 0x53545831; // "STX1"
    public const int MaxStructSize = 1 << 20;

    /// <summary>The layout a valid header describes, or null when the bytes are not a valid segment (or file) of that length.</summary>
    public static ExpectedLayout? Expect(ReadOnlySpan<byte> bytes, long totalLength, bool isFile)
    {
        if (totalLength < 8 || bytes.Length < 8)
        {
            return null;
        }
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var code = bytes[4];
        var rank = (bytes[5] << 16) | (bytes[6] << 8) | bytes[7];
        if (rank > 64 || headerLength != 8 + 8 * rank || headerLength > totalLength || !DTypeCodes.IsKnown(code))
        {
            return null;
        }
        var shape = new long[rank];
        BigInteger count = 1;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadUInt64BigEndian(bytes[(8 + 8 * i)..]);
            if (d > long.MaxValue)
            {
                return null;
            }
            shape[i] = (long)d;
            count *= d;
        }
        var itemSize = DTypeCodes.ItemSize((DTypeCode)code);
        var prefix = (long)headerLength;
        if (code >= DTypeCodes.FirstExtension)
        {
            prefix += 16;
            if (prefix > totalLength || prefix > bytes.Length
                || BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)headerLength..]) != ExtensionMagic)
            {
                return null;
            }
            var recorded = BinaryPrimitives.ReadUInt32BigEndian(bytes[((int)headerLength + 4)..]);
            if ((DTypeCode)code == DTypeCode.Struct)
            {
                if (recorded is 0 or > MaxStructSize)
                {
                    return null;
                }
                itemSize = (int)recorded;
            }
            else if (recorded != itemSize)
            {
                return null;
            }
        }
        var offset = (prefix + 63) / 64 * 64;
        var dataBytes = count * itemSize;
        var total = offset + dataBytes;
        if (total > long.MaxValue)
        {
            return null;
        }
        var needed = isFile ? prefix + dataBytes : total;
        if (needed > totalLength)
        {
            return null;
        }
        return new ExpectedLayout((DTypeCode)code, shape, itemSize, offset, (long)count, (long)dataBytes, (long)total);
    }
}
