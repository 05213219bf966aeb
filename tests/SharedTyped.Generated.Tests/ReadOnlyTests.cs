using System.Reflection;
using System.Runtime.CompilerServices;

namespace SharedTyped.Generated.Tests;

/// <summary>The generated read-only view: the same indexing, no way to write.</summary>
public sealed class ReadOnlyTests() : SegmentTest(Prices.SegmentName, Rows.SegmentName)
{
    [Fact]
    public void AttachReadOnly_sees_the_data_and_later_writes()
    {
        using var prices = Prices.Create(fill: 1.0);
        prices[2, 1] = 21.0;

        using var view = Prices.AttachReadOnly();
        Assert.Equal(21.0, view[2, 1]);
        Assert.Equal([1.0, 21.0, 1.0], view.Row(2).ToArray());
        Assert.Equal(30, view.AsSpan().Length);

        prices[9, 2] = 92.0;
        Assert.Equal(92.0, view[9, 2]);
        Assert.Equal(Prices.SegmentName, view.Array.Name);
    }

    [Fact]
    public void TryAttachReadOnly_reports_a_missing_segment()
    {
        Assert.False(Prices.TryAttachReadOnly(out var missing));
        Assert.Null(missing);
        Assert.Throws<SharedArrayNotFoundException>(() => Prices.AttachReadOnly());

        using var prices = Prices.Create(fill: 7.0);
        Assert.True(Prices.TryAttachReadOnly(out var view));
        using (view)
        {
            Assert.Equal(7.0, view[0, 0]);
        }
    }

    [Fact]
    public void AsReadOnly_outlives_the_writable_array()
    {
        var prices = Prices.Create(fill: 4.0);
        using var view = prices.AsReadOnly();
        prices.Dispose();

        Assert.False(view.IsDisposed);
        Assert.Equal(4.0, view[5, 1]);
    }

    [Fact]
    public void Read_only_view_checks_indices()
    {
        using var prices = Prices.Create();
        using var view = Prices.AttachReadOnly();

        var error = Assert.Throws<IndexOutOfRangeException>(() => view[3, 3]);
        Assert.Equal("Shared array 'st-gen-prices' (double, shape (10, 3)): index (3, 3) is out of range.", error.Message);
        Assert.Throws<IndexOutOfRangeException>(() => view.Row(10).Length);
    }

    [Fact]
    public void Read_only_type_offers_no_writes()
    {
        var type = typeof(Prices.ReadOnly);
        var indexer = type.GetProperty("Item")!;
        Assert.Null(indexer.SetMethod);
        Assert.True(indexer.PropertyType.IsByRef);
        Assert.NotNull(indexer.GetMethod!.ReturnParameter.GetCustomAttribute<IsReadOnlyAttribute>());
        Assert.Equal(typeof(ReadOnlySpan<double>), type.GetMethod(nameof(Prices.ReadOnly.AsSpan))!.ReturnType);
        Assert.Equal(typeof(ReadOnlySpan<double>), type.GetMethod(nameof(Prices.ReadOnly.Row))!.ReturnType);
        Assert.Equal(typeof(ReadOnlySharedArray<double>), type.GetProperty(nameof(Prices.ReadOnly.Array))!.PropertyType);
        Assert.DoesNotContain(type.GetMethods(), static m => m.ReturnType.IsByRef && m.ReturnParameter.GetCustomAttribute<IsReadOnlyAttribute>() is null);
    }

    [Fact]
    public void Read_only_view_of_a_dynamic_shape_reads_its_rows()
    {
        using var rows = Rows.Create(rows: 3, fill: 1.5f);
        rows[2, 3] = 9f;

        using var view = Rows.AttachReadOnly();
        Assert.Equal(3, view.Dim0);
        Assert.Equal(12L, view.Length);
        Assert.Equal(9f, view[2, 3]);
        Assert.Equal([1.5f, 1.5f, 1.5f, 9f], view.Row(2).ToArray());
        var error = Assert.Throws<IndexOutOfRangeException>(() => view[3, 0]);
        Assert.Equal("Shared array 'st-gen-rows' (float, shape (3, 4)): index (3, 0) is out of range.", error.Message);
    }
}
