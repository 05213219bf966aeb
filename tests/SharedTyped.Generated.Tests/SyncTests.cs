namespace SharedTyped.Generated.Tests;

/// <summary>The generated coordination members delegate to the runtime array; the read-only class has the reading side only.</summary>
public sealed class SyncTests() : SegmentTest(Prices.SegmentName)
{
    [SyncFact]
    public async Task Generated_members_publish_wait_read_consistently_and_lock()
    {
        using var prices = Prices.Create(fill: 1.0);
        using var view = Prices.AttachReadOnly();
        Assert.Equal(0, view.Version);
        var changed = view.WaitForChangeAsync(0);
        using (prices.BeginWrite(TimeSpan.FromSeconds(30)))
        {
            prices[4, 2] = 42.0;
        }
        Assert.Equal(1, await changed);
        Assert.True(view.WaitForChange(0, TimeSpan.Zero, out var version));
        Assert.Equal(1, version);

        var all = new double[30];
        Assert.Equal(1, view.ReadConsistent(all));
        Assert.Equal(42.0, all[14]);
        var row = new double[3];
        Assert.Equal(1, prices.ReadConsistent(row, 4, 1));
        Assert.Equal([1.0, 1.0, 42.0], row);
        Assert.True(prices.TryReadConsistent(all, out version));
        Assert.Equal(2, prices.Publish());

        using (view.AcquireShared(TimeSpan.FromSeconds(30)))
        {
            Assert.Throws<TimeoutException>(() => prices.AcquireExclusive(TimeSpan.Zero));
        }
        using (prices.AcquireExclusive(TimeSpan.FromSeconds(30)))
        {
            Assert.Throws<TimeoutException>(() => view.AcquireShared(TimeSpan.Zero));
        }
        Assert.Contains("has 30 elements; the destination holds 29", Assert.Throws<ArgumentException>(() => view.ReadConsistent(new double[29])).Message);
    }

    [SyncFact]
    public void The_read_only_class_has_no_writing_coordination_members()
    {
        var members = typeof(Prices.ReadOnly).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.Contains("ReadConsistent", members);
        Assert.Contains("AcquireShared", members);
        Assert.DoesNotContain("Publish", members);
        Assert.DoesNotContain("BeginWrite", members);
        Assert.DoesNotContain("AcquireExclusive", members);
    }
}
