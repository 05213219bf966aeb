namespace SharedTyped.Generated.Tests;

/// <summary>The generated class and its read-only view are <see cref="ISharedArray"/>s, which <see cref="SharedArray.IsShared(object?)"/> recognises.</summary>
public sealed class SharedArrayInterfaceTests() : SegmentTest(Prices.SegmentName, Rows.SegmentName)
{
    [Fact]
    public void IsShared_while_open_and_not_after_dispose()
    {
        var prices = Prices.Create();
        var view = Prices.AttachReadOnly();
        Assert.True(SharedArray.IsShared(prices));
        Assert.True(SharedArray.IsShared(view));

        prices.Dispose();
        Assert.False(SharedArray.IsShared(prices));
        Assert.True(SharedArray.IsShared(view));

        view.Dispose();
        Assert.False(SharedArray.IsShared(view));
    }

    [Fact]
    public void AsReadOnly_view_is_shared_until_it_is_disposed()
    {
        using var prices = Prices.Create();
        var view = prices.AsReadOnly();
        Assert.True(SharedArray.IsShared(view));
        view.Dispose();
        Assert.False(SharedArray.IsShared(view));
        Assert.True(SharedArray.IsShared(prices));
    }

    [Fact]
    public void Interface_gives_the_name_and_the_shape_as_created()
    {
        using var rows = Rows.Create(rows: 5);
        using var view = Rows.AttachReadOnly();

        foreach (ISharedArray shared in new ISharedArray[] { rows, view })
        {
            Assert.Equal(Rows.SegmentName, shared.Name);
            Assert.Equal([5L, 4L], shared.Shape.ToArray());
            Assert.False(shared.IsDisposed);
        }
    }

    [Fact]
    public void Dispose_through_the_interface_disposes_the_array()
    {
        var prices = Prices.Create();
        ISharedArray shared = prices;

        shared.Dispose();

        Assert.True(prices.IsDisposed);
        Assert.True(shared.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => shared.Name);
    }
}
