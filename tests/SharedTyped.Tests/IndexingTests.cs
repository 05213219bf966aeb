using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>Indexers of rank 1–4, At for any rank, AsSpan and Row: C order, bounds and rank checks.</summary>
public sealed class IndexingTests : SegmentTest
{
    [Fact]
    public void Rank_1_indexer_reads_and_writes_in_place()
    {
        using var a = SharedArray.Create<int>(NewName(), [5]);
        for (var i = 0; i < 5; i++)
        {
            a[i] = i * 10;
        }
        Assert.Equal([0, 10, 20, 30, 40], a.AsSpan().ToArray());
        ref var slot = ref a[3];
        slot = -1;
        Assert.Equal(-1, a.At(3));
    }

    [Fact]
    public void Rank_2_indexer_is_C_order()
    {
        using var a = SharedArray.Create<long>(NewName(), [4, 3]);
        FillFlat(a.AsSpan());
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(i * 3 + j, a[i, j]);
                Assert.Equal(i * 3 + j, a.At(i, j));
            }
        }
        a[3, 2] = 100;
        Assert.Equal(100, a.AsSpan()[11]);
    }

    [Fact]
    public void Rank_3_indexer_is_C_order()
    {
        using var a = SharedArray.Create<long>(NewName(), [2, 3, 4]);
        FillFlat(a.AsSpan());
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 3; j++)
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal((i * 3 + j) * 4 + k, a[i, j, k]);
            Assert.Equal(a[i, j, k], a.At(i, j, k));
        }
    }

    [Fact]
    public void Rank_4_indexer_is_C_order()
    {
        using var a = SharedArray.Create<long>(NewName(), [2, 3, 2, 5]);
        FillFlat(a.AsSpan());
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 3; j++)
        for (var k = 0; k < 2; k++)
        for (var l = 0; l < 5; l++)
        {
            Assert.Equal(((i * 3 + j) * 2 + k) * 5 + l, a[i, j, k, l]);
            Assert.Equal(a[i, j, k, l], a.At(i, j, k, l));
        }
        a[1, 2, 1, 4] = -7;
        Assert.Equal(-7, a.AsSpan()[59]);
    }

    [Fact]
    public void At_handles_rank_0_and_rank_5()
    {
        using var scalar = SharedArray.Create(NewName(), [], 3.25);
        Assert.Equal(3.25, scalar.At());
        Assert.Equal(3.25, scalar.AsSpan()[0]);
        scalar.At() = 1.0;
        Assert.Equal(1.0, scalar.AsSpan()[0]);

        using var a = SharedArray.Create<long>(NewName(), [2, 2, 3, 2, 2]);
        FillFlat(a.AsSpan());
        Assert.Equal((((1 * 2 + 1) * 3 + 2) * 2 + 1) * 2 + 0, a.At(1, 1, 2, 1, 0));
        a.At(0, 1, 0, 1, 1) = 1000;
        Assert.Equal(1000, a.AsSpan()[(((0 * 2 + 1) * 3 + 0) * 2 + 1) * 2 + 1]);
    }

    [Fact]
    public void Out_of_range_indices_throw_naming_the_array()
    {
        var name = NewName();
        using var a = SharedArray.Create<int>(name, [2, 3]);
        foreach (var bad in new Action[]
        {
            () => _ = a[2, 0], () => _ = a[0, 3], () => _ = a[-1, 0], () => _ = a[0, -1],
            () => _ = a[long.MaxValue, 0], () => _ = a[long.MinValue, 0], () => _ = a.At(1, 3), () => _ = a.At(-1, 0),
        })
        {
            var e = Assert.Throws<IndexOutOfRangeException>(bad);
            Assert.Contains($"Shared array '{name}' (int, shape (2, 3))", e.Message);
        }
        using var b = SharedArray.Create<int>(NewName(), [3]);
        Assert.Throws<IndexOutOfRangeException>(() => b[3]);
        Assert.Throws<IndexOutOfRangeException>(() => b[-1]);
        using var c = SharedArray.Create<int>(NewName(), [2, 2, 2]);
        Assert.Throws<IndexOutOfRangeException>(() => c[0, 0, 2]);
        using var d = SharedArray.Create<int>(NewName(), [2, 2, 2, 2]);
        Assert.Throws<IndexOutOfRangeException>(() => d[0, 0, 0, 2]);
        Assert.Throws<IndexOutOfRangeException>(() => d[2, 0, 0, 0]);
        using var empty = SharedArray.Create<int>(NewName(), [0]);
        Assert.Throws<IndexOutOfRangeException>(() => empty[0]);
        using var view = SharedArray.AttachReadOnly<int>(name);
        Assert.Throws<IndexOutOfRangeException>(() => view[2, 0]);
    }

    [Fact]
    public void The_wrong_number_of_indices_throws_naming_the_rank()
    {
        var name = NewName();
        using var a = SharedArray.Create<int>(name, [2, 3]);
        foreach (var (given, bad) in new (int, Action)[]
        {
            (1, () => _ = a[0]), (3, () => _ = a[0, 0, 0]), (4, () => _ = a[0, 0, 0, 0]),
            (0, () => _ = a.At()), (1, () => _ = a.At(0)), (3, () => _ = a.At(0, 0, 0)),
        })
        {
            var e = Assert.Throws<ArgumentException>(bad);
            Assert.Contains($"Shared array '{name}' (int, shape (2, 3)) has rank 2; {given} indices were given", e.Message);
        }
        using var scalar = SharedArray.Create<int>(NewName(), []);
        Assert.Throws<ArgumentException>(() => scalar[0]);
        using var view = SharedArray.AttachReadOnly<int>(name);
        Assert.Throws<ArgumentException>(() => view[0]);
        Assert.Throws<ArgumentException>(() => view.At(0, 0, 0));
    }

    [Fact]
    public void Row_is_the_contiguous_block_of_one_leading_index()
    {
        var name = NewName();
        using var a = SharedArray.Create<long>(name, [3, 2, 4]);
        FillFlat(a.AsSpan());
        Assert.Equal(Enumerable.Range(8, 8).Select(v => (long)v), a.Row(1).ToArray());
        a.Row(2)[7] = -5;
        Assert.Equal(-5, a[2, 1, 3]);
        Assert.Throws<IndexOutOfRangeException>(() => a.Row(3));
        Assert.Throws<IndexOutOfRangeException>(() => a.Row(-1));
        using var view = SharedArray.AttachReadOnly<long>(name);
        Assert.Equal(a.Row(2).ToArray(), view.Row(2).ToArray());

        using var flat = SharedArray.Create<long>(NewName(), [5]);
        var e = Assert.Throws<InvalidOperationException>(() => flat.Row(0));
        Assert.Contains("has rank 1; Row needs rank 2 or more", e.Message);
        using var scalar = SharedArray.Create<long>(NewName(), []);
        Assert.Throws<InvalidOperationException>(() => scalar.Row(0));

        using var noColumns = SharedArray.Create<long>(NewName(), [3, 0]);
        Assert.Equal(0, noColumns.Row(2).Length);
    }

    [Fact]
    public void AsSpan_covers_every_element_and_writes_reach_the_segment()
    {
        var name = NewName();
        using var a = SharedArray.Create<int>(name, [3, 4]);
        var span = a.AsSpan();
        Assert.Equal(12, span.Length);
        span.Fill(0x01020304);
        var bytes = Segments.ReadBytes(name);
        Assert.Equal(0x01020304, BitConverter.ToInt32(bytes, 64 + 11 * 4));
        Assert.Equal(0x01020304, a.DangerousGetReference());
        a.DangerousGetReference() = 9;
        Assert.Equal(9, a[0, 0]);
        using var empty = SharedArray.Create<int>(NewName(), [4, 0, 2]);
        Assert.Equal(0, empty.AsSpan().Length);
        Assert.Equal(0, empty.Length);
        Assert.Equal(0, empty.ByteLength);
    }

    [Fact]
    public void The_read_only_view_reads_the_same_elements()
    {
        var name = NewName();
        using var a = SharedArray.Create<long>(name, [2, 3, 2, 2]);
        FillFlat(a.AsSpan());
        using var v = SharedArray.AttachReadOnly<long>(name);
        Assert.Equal(a[1, 2, 1, 0], v[1, 2, 1, 0]);
        Assert.Equal(a.At(1, 0, 1, 1), v.At(1, 0, 1, 1));
        Assert.Equal(a.AsSpan().ToArray(), v.AsSpan().ToArray());
        Assert.Equal(0, v.DangerousGetReference());
        using var r1 = SharedArray.Create<long>(NewName(), [3], 4);
        using var v1 = r1.AsReadOnly();
        Assert.Equal(4, v1[2]);
        using var r2 = SharedArray.Create<long>(NewName(), [3, 3], 5);
        using var v2 = r2.AsReadOnly();
        Assert.Equal(5, v2[2, 2]);
        using var r3 = SharedArray.Create<long>(NewName(), [3, 3, 3], 6);
        using var v3 = r3.AsReadOnly();
        Assert.Equal(6, v3[2, 2, 2]);
    }

    private static void FillFlat(Span<long> span)
    {
        for (var k = 0; k < span.Length; k++)
        {
            span[k] = k;
        }
    }
}
