using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// The bytes of a segment, read as a plain file of /dev/shm (on Windows through its named mapping, up to
/// the length its creator stored), are exactly the layout of docs/format.md.
/// </summary>
public sealed class SegmentBytesTests : SegmentTest
{
    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public void Create_writes_the_header_the_padding_and_the_data_exactly(string kind) =>
        Kinds.Run(kind, new HeaderAndData(NewName(kind), [3, 5]));

    [Theory]
    [InlineData("scalar")]
    [InlineData("7")]
    [InlineData("2x3")]
    [InlineData("2x3x4")]
    [InlineData("2x1x3x2")]
    [InlineData("1x2x1x3x2")]
    [InlineData("0")]
    [InlineData("3x0")]
    [InlineData("2x0x4")]
    [InlineData("0x0x0x0x0")]
    [InlineData("1x1x1x1x1x1")]
    [InlineData("1x1x1x1x1x1x1")]
    [InlineData("1x1x1x1x1x1x1x2")]
    public void Every_rank_and_zero_length_dimensions_have_the_exact_layout(string shape)
    {
        var dims = ShapeText.Parse(shape);
        foreach (var kind in new ElementKind[] { ElementKind.Float64, ElementKind.Int8, ElementKind.Complex128, ElementKind.Byte, ElementKind.Struct })
        {
            kind.Accept(new HeaderAndData(NewName($"{kind} {shape}"), dims));
        }
    }

    [Fact]
    public void A_scalar_has_an_eight_byte_header_and_data_at_64()
    {
        var name = NewName();
        using var scalar = SharedArray.Create(name, [], 2.5);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(1, scalar.Length);
        Assert.Equal(8, scalar.ByteLength);
        Assert.Equal(2.5, scalar.At());
        scalar.At() = -1.0;
        var bytes = Segments.ReadBytes(name);
        Assert.Equal(new byte[] { 0, 0, 0, 8, 10, 0, 0, 0 }, bytes[..8]);
        Assert.All(bytes[8..64], b => Assert.Equal(0, b));
        Assert.Equal(-1.0, BitConverter.ToDouble(bytes, 64));
        Assert.Equal(128 + 128, bytes.Length);   // data ends at 72; the 128-byte sync block starts at 128
    }

    [Fact]
    public void The_dimensions_are_big_endian_64_bit_and_ndim_big_endian_24_bit()
    {
        var name = NewName();
        using var array = SharedArray.Create<byte>(name, [0x0102030405, 0]);
        var bytes = Segments.ReadBytes(name);
        Assert.Equal(new byte[] { 0, 0, 0, 24, 128, 0, 0, 2 }, bytes[..8]);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 2, 3, 4, 5 }, bytes[8..16]);
        Assert.Equal(new byte[8], bytes[16..24]);
    }

    [Fact]
    public void The_data_pointer_is_64_byte_aligned_and_writes_land_at_offset_P()
    {
        var name = NewName();
        using var array = SharedArray.Create<long>(name, [2, 2, 2, 2, 2, 2, 2, 2]);
        unsafe
        {
            Assert.Equal(0, (nint)array.DangerousGetPointer() % SharedArray.Alignment);
        }
        array.AsSpan()[0] = 0x1122334455667788;
        var bytes = Segments.ReadBytes(name);
        Assert.Equal(72u, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.All(bytes[72..128], b => Assert.Equal(0, b));
        Assert.Equal(0x1122334455667788, BitConverter.ToInt64(bytes, 128));
        Assert.Equal(128, SharedMemory.Inspect(name).DataOffset);
    }

    [Fact]
    public void Rank_64_is_the_highest_and_its_data_starts_after_the_520_byte_header()
    {
        var name = NewName();
        var shape = Enumerable.Repeat(1L, 64).ToArray();
        shape[63] = 3;
        using var array = SharedArray.Create<short>(name, shape, [7, 8, 9]);
        var bytes = Segments.ReadBytes(name);
        Assert.Equal(ExpectedHeader.Bytes(2, shape), bytes[..520]);
        Assert.All(bytes[520..576], b => Assert.Equal(0, b));
        Assert.Equal(9, BitConverter.ToInt16(bytes, 576 + 4));
        Assert.Equal(640 + 128, bytes.Length);   // data ends at 582; the sync block starts at 640
        var at = new long[64];
        at[63] = 2;
        Assert.Equal(9, array.At(at));
    }

    [Fact]
    public void A_segment_larger_than_its_data_is_accepted()
    {
        // docs/format.md: an OS may round a segment up to a page; only a smaller one is an error.
        var name = NewName();
        var image = new byte[4096];
        ExpectedHeader.Bytes(3, [2]).CopyTo(image, 0);
        BitConverter.GetBytes(-5).CopyTo(image, 68);
        Segments.WriteRaw(name, image);
        using var array = SharedArray.Attach<int>(name, [2]);
        Assert.Equal(-5, array[1]);
        Assert.Equal(4096, SharedMemory.Inspect(name).SegmentBytes);
    }

    [Fact]
    public void A_zero_dimension_makes_the_array_empty_whatever_the_other_extents()
    {
        // numpy agrees: np.empty((0, 2**62, 2**62)) is an empty array, not an overflow.
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [1L << 62, 0, 1L << 62]);
        Assert.Equal(0, array.Length);
        Assert.Equal(0, array.ByteLength);
        Assert.Equal(64 + 128, Segments.ReadBytes(name).Length);   // the header's 64 bytes, then the sync block
        using var attached = SharedArray.Attach<double>(name, [1L << 62, 0, 1L << 62]);
        Assert.Equal(0, attached.AsSpan().Length);
        Assert.Throws<IndexOutOfRangeException>(() => attached[0, 0, 0]);
        Assert.Equal(0, attached.Row(5).Length);
    }

    [Fact]
    public void Alignment_is_64_like_cdxcore() => Assert.Equal(64, SharedArray.Alignment);

    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public void A_fill_value_is_written_to_every_element(string kind) =>
        Kinds.Run(kind, new FillCheck(NewName(kind)));

    /// <summary>Creates from the pattern and compares the file's bytes with docs/format.md and with the values.</summary>
    private sealed class HeaderAndData(string name, long[] shape) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var values = kind.Values(count);
            using var array = SharedArray.Create<T>(name, shape, values);
            Assert.Equal(shape, array.Shape.ToArray());
            Assert.Equal(shape.Length, array.Rank);
            Assert.Equal(count, array.Length);
            Assert.Equal(count * kind.Size, array.ByteLength);

            var bytes = Segments.ReadBytes(name);
            var header = ExpectedHeader.Bytes((byte)kind.Code, shape);
            Assert.Equal(header, bytes[..header.Length]);
            var isExtension = (byte)kind.Code >= 128;
            var prefix = header.Length;
            if (isExtension)
            {
                // SharedTyped's type record: "STX1", the element size, and a type hash for structs.
                var record = bytes[header.Length..(header.Length + 16)];
                Assert.Equal("STX1"u8.ToArray(), record[..4]);
                Assert.Equal((uint)kind.Size, BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(4)));
                Assert.Equal(kind.Code == DTypeCode.Struct, BinaryPrimitives.ReadUInt64BigEndian(record.AsSpan(8)) != 0);
                prefix += 16;
            }
            var dataOffset = ExpectedHeader.DataOffset(prefix);
            Assert.All(bytes[prefix..dataOffset], b => Assert.Equal(0, b));
            var dataBytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            Assert.Equal(dataBytes, bytes[dataOffset..(dataOffset + dataBytes.Length)]);
            // After the data, at the next 64-byte boundary, the sync block (src/Runtime/Sync/SyncBlock.cs) ends the segment.
            var syncOffset = (dataOffset + dataBytes.Length + 63) / 64 * 64;
            Assert.All(bytes[(dataOffset + dataBytes.Length)..syncOffset], b => Assert.Equal(0, b));
            Assert.Equal("STSY"u8.ToArray(), bytes[syncOffset..(syncOffset + 4)]);
            Assert.Equal(syncOffset + 128, bytes.Length);

            var info = SharedMemory.Inspect(name);
            Assert.Equal(name, info.Name);
            Assert.Equal(kind.Code, info.Code);
            Assert.Equal(shape, info.Shape);
            Assert.Equal(kind.Size, info.ItemSize);
            Assert.Equal(dataOffset, info.DataOffset);
            Assert.Equal(bytes.Length, info.SegmentBytes);
            Assert.Equal(count, info.Length);
            // Windows has no Unix mode: its segments carry a security descriptor (docs/guarantees.md, "Windows").
            Assert.Equal(OperatingSystem.IsWindows() ? -1 : 0x180, info.Mode);
            Assert.Equal(DTypeCodes.Name(kind.Code), info.ElementType);
            return true;
        }
    }

    private sealed class FillCheck(string name) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            foreach (var fill in new[] { kind.Value(5), kind.Value(2), default })
            {
                SharedArray.Delete(name);
                using var array = SharedArray.Create(name, [4, 3], fill);
                Assert.All(array.AsSpan().ToArray(), v => Assert.True(ElementKind<T>.Same(fill, v), $"{v} != {fill}"));
                var fillBytes = MemoryMarshal.AsBytes(new[] { fill }.AsSpan()).ToArray();
                var offset = (int)SharedMemory.Inspect(name).DataOffset;
                var data = Segments.ReadBytes(name)[offset..(offset + 12 * fillBytes.Length)];
                for (var i = 0; i < 12; i++)
                {
                    Assert.Equal(fillBytes, data[(i * fillBytes.Length)..((i + 1) * fillBytes.Length)]);
                }
            }
            return true;
        }
    }
}
