using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SharedTyped.Generated.Tests;

/// <summary>Scalars, rank 3, the non-generic attribute, nested and global declarations, struct elements.</summary>
public sealed class RankAndElementTests() : SegmentTest(
    Counter.SegmentName, Cube.SegmentName, Weights.SegmentName, Holder.Nested.SegmentName, GlobalFlags.SegmentName, PointPath.SegmentName)
{
    [Fact]
    public void Scalar_has_a_value_and_no_indices()
    {
        using var counter = Counter.Create(fill: 7L);

        Assert.Equal(0, Counter.Rank);
        Assert.Equal(1L, Counter.Length);
        Assert.Equal(7L, counter.Value);
        counter.Value++;
        Assert.Equal([8L], counter.AsSpan().ToArray());
        Assert.Empty(counter.Array.Shape.ToArray());

        using var view = Counter.AttachReadOnly();
        Assert.Equal(8L, view.Value);

        var bytes = SegmentBytes(Counter.SegmentName);
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32BigEndian(bytes));   // H = 8, no dimensions
        Assert.Equal(4, bytes[4]);                                       // int64
        Assert.Equal(8L, BitConverter.ToInt64(bytes, 64));
    }

    [Fact]
    public void Rank_three_indexes_in_C_order()
    {
        using var cube = Cube.Create();
        for (var i = 0; i < Cube.Dim0; i++)
        {
            for (var j = 0; j < Cube.Dim1; j++)
            {
                for (var k = 0; k < Cube.Dim2; k++)
                {
                    cube[i, j, k] = (i * 100) + (j * 10) + k;
                }
            }
        }

        Assert.Equal(24L, Cube.Length);
        var expected = from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 3) from k in Enumerable.Range(0, 4) select (i * 100) + (j * 10) + k;
        Assert.Equal(expected, cube.AsSpan().ToArray());
        var row = cube.Row(1);
        Assert.Equal(12, row.Length);
        Assert.Equal(100, row[0]);
        Assert.Equal(123, row[11]);
        var error = Assert.Throws<IndexOutOfRangeException>(() => cube[1, 3, 0]);
        Assert.Equal("Shared array 'st-gen-cube' (int, shape (2, 3, 4)): index (1, 3, 0) is out of range.", error.Message);
    }

    [Fact]
    public void Non_generic_attribute_declares_doubles()
    {
        using var weights = Weights.Create(fill: 0.5);

        Assert.IsType<double>(weights[2, 2]);
        Assert.Equal(typeof(SharedArray<double>), weights.Array.GetType());
        Assert.Equal(10, SegmentBytes(Weights.SegmentName)[4]);      // float64
    }

    [Fact]
    public void Nested_internal_and_global_declarations_work()
    {
        Assert.True(typeof(Holder.Nested).IsNotPublic || typeof(Holder.Nested).IsNestedAssembly);
        using var nested = Holder.Nested.Create(fill: 3ul);
        Assert.Equal(3ul, nested[4]);

        using var flags = GlobalFlags.Create();
        flags[1, 0] = true;
        Assert.Equal([false, false, true, false], flags.AsSpan().ToArray());
        Assert.Equal(0, SegmentBytes(GlobalFlags.SegmentName)[4]);   // bool
    }

    [Fact]
    public void Struct_elements_round_trip()
    {
        using var path = PointPath.Create(new Point { X = 1, Y = 2 });
        path[3] = new Point { X = -1, Y = 0.5 };
        path[1].Y = 9;

        using var attached = PointPath.Attach();
        Assert.Equal(2.0, attached[0].Y);
        Assert.Equal(9.0, attached[1].Y);
        Assert.Equal(-1.0, attached[3].X);
        var data = MemoryMarshal.Cast<byte, double>(SegmentBytes(PointPath.SegmentName).AsSpan()[64..(64 + 4 * 16)]);
        Assert.Equal([1.0, 2.0, 1.0, 9.0, 1.0, 2.0, -1.0, 0.5], data.ToArray());
    }
}
