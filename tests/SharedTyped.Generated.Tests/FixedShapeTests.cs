using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SharedTyped.Generated.Tests;

/// <summary>A fixed 10 x 3 <c>double</c> matrix used through its generated type.</summary>
public sealed class FixedShapeTests() : SegmentTest(Prices.SegmentName)
{
    [Fact]
    public void Shape_is_compile_time_constants()
    {
        Assert.Equal("st-gen-prices", Prices.SegmentName);
        Assert.Equal(2, Prices.Rank);
        Assert.Equal(10, Prices.Dim0);
        Assert.Equal(3, Prices.Dim1);
        Assert.Equal(30L, Prices.Length);
        Assert.True(typeof(Prices).GetField(nameof(Prices.Dim0))!.IsLiteral);
        Assert.True(typeof(Prices).GetField(nameof(Prices.Length))!.IsLiteral);
    }

    [Fact]
    public void Create_fills_indexes_writes_and_reads_rows_and_spans()
    {
        using var prices = Prices.Create(fill: 1.5);

        Assert.All(prices.AsSpan().ToArray(), static v => Assert.Equal(1.5, v));
        prices[3, 1] = 42.0;
        prices[9, 2] = -7.25;

        Assert.Equal(42.0, prices[3, 1]);
        Assert.Equal(42.0, prices.AsSpan()[(3 * 3) + 1]);
        Assert.Equal([1.5, 42.0, 1.5], prices.Row(3).ToArray());
        Assert.Equal(-7.25, prices.Row(9)[2]);
        Assert.Equal(30, prices.AsSpan().Length);

        prices.Row(0).Fill(8.0);
        Assert.Equal([8.0, 8.0, 8.0], prices.AsSpan()[..3].ToArray());

        ref var cell = ref prices[5, 0];
        cell += 0.5;
        Assert.Equal(2.0, prices.Array[5, 0]);
    }

    [Fact]
    public void Segment_holds_the_header_and_the_elements_in_C_order()
    {
        using var prices = Prices.Create(fill: 0.0);
        for (var i = 0; i < Prices.Dim0; i++)
        {
            for (var j = 0; j < Prices.Dim1; j++)
            {
                prices[i, j] = (i * 10) + j;
            }
        }

        var bytes = SegmentBytes(Prices.SegmentName);
        Assert.Equal(24u, BinaryPrimitives.ReadUInt32BigEndian(bytes));        // H = 8 + 8 * 2
        Assert.Equal(10, bytes[4]);                                             // float64
        Assert.Equal([0, 0, 2], bytes[5..8]);                                   // ndim, 24-bit big-endian
        Assert.Equal(10ul, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(16)));
        Assert.All(bytes[24..64], static b => Assert.Equal(0, b));              // padding to the 64-byte boundary
        var data = MemoryMarshal.Cast<byte, double>(bytes.AsSpan(64, 30 * sizeof(double)));
        Assert.Equal(Enumerable.Range(0, 30).Select(static n => (double)(((n / 3) * 10) + (n % 3))), data.ToArray());
    }

    [Theory]
    [InlineData(10, 0, "(10, 0)")]
    [InlineData(0, 3, "(0, 3)")]
    [InlineData(-1, 0, "(-1, 0)")]
    [InlineData(2, -5, "(2, -5)")]
    public void Index_outside_the_shape_throws_with_the_array_in_the_message(int i, int j, string shown)
    {
        using var prices = Prices.Create();

        var error = Assert.Throws<IndexOutOfRangeException>(() => prices[i, j]);
        Assert.Equal($"Shared array 'st-gen-prices' (double, shape (10, 3)): index {shown} is out of range.", error.Message);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void Row_outside_the_shape_throws(int row)
    {
        using var prices = Prices.Create();

        var error = Assert.Throws<IndexOutOfRangeException>(() => prices.Row(row).Length);
        Assert.Equal($"Shared array 'st-gen-prices' (double, shape (10, 3)): row {row} is out of range.", error.Message);
    }

    [Fact]
    public void Create_from_a_source_copies_it()
    {
        var source = Enumerable.Range(0, 30).Select(static n => n * 0.5).ToArray();
        using var prices = Prices.Create(source);

        Assert.Equal(source, prices.AsSpan().ToArray());
        Assert.Equal(14.5, prices[9, 2]);
    }

    [Fact]
    public void Create_from_a_source_of_the_wrong_length_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Prices.Create(new double[29]));
        Assert.Equal("source", error.ParamName);
        Assert.Contains("has 30 elements but the source has 29", error.Message, StringComparison.Ordinal);
        Assert.False(Prices.Exists());
    }

    [Fact]
    public void Underlying_array_is_the_same_segment()
    {
        using var prices = Prices.Create();

        Assert.Equal(Prices.SegmentName, prices.Array.Name);
        Assert.Equal([10L, 3L], prices.Array.Shape.ToArray());
        prices.Array[2, 2] = 9.0;
        Assert.Equal(9.0, prices[2, 2]);
    }

    [Fact]
    public void Disposed_array_refuses_access()
    {
        var prices = Prices.Create();
        prices.Dispose();

        Assert.True(prices.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => prices[0, 0]);
        Assert.Throws<ObjectDisposedException>(() => prices.AsSpan().Length);
        Assert.Throws<ObjectDisposedException>(() => prices.Row(0).Length);
        // A persistent segment outlives its array; on Windows only while some process holds it.
        Assert.Equal(!OperatingSystem.IsWindows(), Prices.Exists());
    }
}
