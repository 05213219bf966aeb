namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Without a logger, create and attach format nothing: what they allocate must not depend on how many
/// digits the shape has, which any formatted message (the shape's text) would make it do.
/// </summary>
public sealed class SilentPathTests
{
    private static readonly long[] FewDigits = [1, 1];
    private static readonly long[] ManyDigits = [99_999, 99];

    [Fact]
    public void Attach_and_dispose_allocate_the_same_whatever_the_shape_without_a_logger()
    {
        using var cleanup = new Cleanup();
        var small = cleanup.Name("fmt-a");
        var large = cleanup.Name("fmt-b");
        SharedArray.Create<sbyte>(small, FewDigits).Dispose();
        SharedArray.Create<sbyte>(large, ManyDigits).Dispose();

        var fewDigits = LeastAllocated(() => SharedArray.Attach<sbyte>(small, FewDigits).Dispose());
        var manyDigits = LeastAllocated(() => SharedArray.Attach<sbyte>(large, ManyDigits).Dispose());
        Assert.Equal(fewDigits, manyDigits);
        var readOnly = LeastAllocated(() => SharedArray.AttachReadOnly<sbyte>(large, ManyDigits).Dispose());
        Assert.Equal(LeastAllocated(() => SharedArray.AttachReadOnly<sbyte>(small, FewDigits).Dispose()), readOnly);
    }

    [Fact]
    public void Create_allocates_the_same_whatever_the_shape_without_a_logger()
    {
        using var cleanup = new Cleanup();
        var fewDigits = LeastAllocated(() => CreateAndDelete(cleanup.Name("fmt-c"), FewDigits));
        var manyDigits = LeastAllocated(() => CreateAndDelete(cleanup.Name("fmt-d"), ManyDigits));
        Assert.Equal(fewDigits, manyDigits);
    }

    private static void CreateAndDelete(string name, long[] shape)
    {
        SharedArray.Create<sbyte>(name, shape, (sbyte)1).Dispose();
        SharedArray.Delete(name);
    }

    /// <summary>The fewest bytes this thread allocated over a few runs: the first runs pay for JIT and static set-up.</summary>
    private static long LeastAllocated(Action action)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 6; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
