using System.Buffers.Binary;

namespace SharedTyped.Reliability.Tests.Fuzz;

/// <summary>One generated segment or file: its first bytes, its whole length, and how it was made.</summary>
internal sealed record HeaderCase(byte[] Bytes, long TotalLength, string Strategy)
{
    public string Hex => Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 96)));
}

/// <summary>
/// Makes headers that lie: random bytes, and valid headers with one to three mutations (header
/// length, code, rank, dimensions that are huge or overflow together, a type record that is
/// missing or wrong, a segment shorter than promised, flipped bits). Deterministic for a seed.
/// </summary>
internal sealed class HeaderGenerator(int seed, long maxTotalLength)
{
    /// <summary>The parser never looks past this many bytes (64 dimensions and a type record).</summary>
    public const int Window = 8 + 8 * 64 + 16;

    private static readonly byte[] KnownCodes = Enumerable.Range(0, 256).Where(c => DTypeCodes.IsKnown((byte)c)).Select(c => (byte)c).ToArray();

    private static readonly ulong[] HugeDimensions =
    [
        long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue, 1UL << 32, (1UL << 32) + 1, 1UL << 31, 1UL << 61, (ulong)long.MaxValue / 8 + 1,
    ];

    private readonly Random _random = new(seed);

    public HeaderCase Next()
    {
        if (_random.Next(8) == 0)
        {
            return RandomBytes();
        }
        var (bytes, total, rank) = Valid();
        var strategy = new List<string> { "valid" };
        var mutations = _random.Next(4); // 0..3; a quarter stay valid
        for (var m = 0; m < mutations; m++)
        {
            strategy.Add(Mutate(bytes, ref total, rank));
        }
        return new HeaderCase(bytes, Math.Min(total, maxTotalLength), string.Join("+", strategy));
    }

    private HeaderCase RandomBytes()
    {
        var bytes = new byte[Window];
        _random.NextBytes(bytes);
        if (_random.Next(2) == 0)
        {
            // Plausible prefix: a small header length and rank, so the random rest gets looked at.
            var rank = _random.Next(0, 5);
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(8 + 8 * rank));
            bytes[5] = 0;
            bytes[6] = 0;
            bytes[7] = (byte)rank;
        }
        return new HeaderCase(bytes, _random.NextInt64(0, Math.Min(maxTotalLength, 4096) + 1), "random");
    }

    private (byte[] Bytes, long Total, int Rank) Valid()
    {
        var code = KnownCodes[_random.Next(KnownCodes.Length)];
        var rank = _random.Next(10) == 0 ? _random.Next(0, 65) : _random.Next(0, 5);
        var bytes = new byte[Window];
        var headerLength = 8 + 8 * rank;
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)headerLength);
        bytes[4] = code;
        bytes[5] = (byte)(rank >> 16);
        bytes[6] = (byte)(rank >> 8);
        bytes[7] = (byte)rank;
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            // Keep the data small enough to really exist: at most a few hundred elements in all.
            long d = count > 256 ? (_random.Next(3) == 0 ? 0 : 1) : _random.Next(0, 9);
            count *= d == 0 ? 1 : d;
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + 8 * i), (ulong)d);
        }
        var itemSize = DTypeCodes.ItemSize((DTypeCode)code);
        var prefix = headerLength;
        if (code >= DTypeCodes.FirstExtension)
        {
            if ((DTypeCode)code == DTypeCode.Struct)
            {
                itemSize = Unsafe16.Size;
            }
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(headerLength), HeaderSpec.ExtensionMagic);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(headerLength + 4), (uint)itemSize);
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(headerLength + 8), (DTypeCode)code == DTypeCode.Struct ? Unsafe16.TypeHash : 0);
            prefix += 16;
        }
        // Enough for a segment (aligned data) and so for a file too; sometimes a little more, as a page-rounded segment has.
        var needed = (prefix + 63) / 64 * 64 + ProductOf(bytes, rank) * itemSize;
        return (bytes, needed + (_random.Next(4) == 0 ? _random.Next(0, 128) : 0), rank);
    }

    private string Mutate(byte[] bytes, ref long total, int rank)
    {
        switch (_random.Next(10))
        {
            case 0:
                var lie = _random.Next(5) switch
                {
                    0 => (uint)_random.NextInt64(0, uint.MaxValue + 1L),
                    1 => BinaryPrimitives.ReadUInt32BigEndian(bytes) + 8,
                    2 => BinaryPrimitives.ReadUInt32BigEndian(bytes) - 8,
                    3 => 0u,
                    _ => uint.MaxValue,
                };
                BinaryPrimitives.WriteUInt32BigEndian(bytes, lie);
                return "header-length";
            case 1:
                bytes[4] = (byte)_random.Next(256);
                return "code";
            case 2:
                var claimed = _random.Next(4) switch
                {
                    0 => _random.Next(1 << 24),
                    1 => rank + 1,
                    2 => 65,
                    _ => 0xFFFFFF,
                };
                bytes[5] = (byte)(claimed >> 16);
                bytes[6] = (byte)(claimed >> 8);
                bytes[7] = (byte)claimed;
                if (_random.Next(2) == 0)
                {
                    // Agree with the lie, so the check after it is the one tested.
                    BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(8 + 8 * (long)claimed));
                }
                return "rank";
            case 3 when rank > 0:
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + 8 * _random.Next(rank)), HugeDimensions[_random.Next(HugeDimensions.Length)]);
                return "huge-dimension";
            case 4 when rank > 1:
                // Two dimensions whose product (times the element size) overflows 64 bits; sometimes a third is 0.
                var i = _random.Next(rank);
                var j = (i + 1 + _random.Next(rank - 1)) % rank;
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + 8 * i), HugeDimensions[_random.Next(HugeDimensions.Length)]);
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + 8 * j), HugeDimensions[_random.Next(HugeDimensions.Length)]);
                if (rank > 2 && _random.Next(3) == 0)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8 + 8 * ((j + 1) % rank == i ? (j + 2) % rank : (j + 1) % rank)), 0);
                }
                return "overflowing-product";
            case 5:
                total = total == 0 ? 0 : _random.NextInt64(0, total);
                return "shorter-segment";
            case 6:
                var at = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes), Window - 16);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + (_random.Next(2) == 0 ? 0 : 4)), (uint)_random.NextInt64(0, uint.MaxValue + 1L));
                return "type-record";
            case 7:
                total = _random.Next(2) == 0 || total > long.MaxValue - (1L << 40) ? long.MaxValue : total + _random.NextInt64(0, 1L << 40);
                return "longer-segment";
            default:
                var bit = _random.Next(Math.Min(Window, 8 + 8 * Math.Max(rank, 1) + 16) * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                return "bit-flip";
        }
    }

    private static long ProductOf(byte[] bytes, int rank)
    {
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            count *= (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8 + 8 * i));
        }
        return count;
    }
}

/// <summary>A user struct of 16 bytes: the extension code 255 the generator writes records for.</summary>
internal readonly record struct Unsafe16(long A, long B)
{
    public const int Size = 16;

    public static ulong TypeHash => ElementType<Unsafe16>.TypeHash;
}
