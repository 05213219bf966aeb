namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Without a logger, create and attach format nothing: what they allocate must not depend on how many
/// digits the shape has, which any formatted message (the shape's text) would make it do. Run alone:
/// other tests' mappings grow the process's shared table of mappings, an allocation that would land
/// on whichever thread inserts next.
/// </summary>
[Collection(nameof(SilentPathTests))]
public sealed class SilentPathTests
{
    private static readonly long[] FewDigits = [1, 1];
    private static readonly long[] ManyDigits = [99_999, 99];

    private static IDisposable? Held(IDisposable created)
    {
        if (OperatingSystem.IsWindows())
        {
            return created;
        }
        created.Dispose();
        return null;
    }

    [Fact]
    public void Attach_and_dispose_allocate_the_same_whatever_the_shape_without_a_logger()
    {
        using var cleanup = new Cleanup();
        var small = cleanup.Name("fmt-a");
        var large = cleanup.Name("fmt-b");
        // Windows frees a segment with its last handle: there the creators hold them while the attaches are measured.
        using var smallCreator = Held(SharedArray.Create<sbyte>(small, FewDigits));
        using var largeCreator = Held(SharedArray.Create<sbyte>(large, ManyDigits));

        var (fewDigits, manyDigits) = LeastAllocated(
            () => SharedArray.Attach<sbyte>(small, FewDigits).Dispose(),
            () => SharedArray.Attach<sbyte>(large, ManyDigits).Dispose());
        Assert.Equal(fewDigits, manyDigits);
        var (fewReadOnly, manyReadOnly) = LeastAllocated(
            () => SharedArray.AttachReadOnly<sbyte>(small, FewDigits).Dispose(),
            () => SharedArray.AttachReadOnly<sbyte>(large, ManyDigits).Dispose());
        Assert.Equal(fewReadOnly, manyReadOnly);
    }

    [Fact]
    public void Create_allocates_the_same_whatever_the_shape_without_a_logger()
    {
        using var cleanup = new Cleanup();
        var few = cleanup.Name("fmt-c");
        var many = cleanup.Name("fmt-d");
        var (fewDigits, manyDigits) = LeastAllocated(() => CreateAndDelete(few, FewDigits), () => CreateAndDelete(many, ManyDigits));
        Assert.Equal(fewDigits, manyDigits);
    }

    private static void CreateAndDelete(string name, long[] shape)
    {
        SharedArray.Create<sbyte>(name, shape, (sbyte)1).Dispose();
        SharedArray.Delete(name);
    }

    /// <summary>
    /// The fewest bytes this thread allocated in each of two actions, run in turn a dozen times: the
    /// first runs pay for JIT and static set-up, and a one-off (a table growing) cannot hit every run.
    /// </summary>
    private static (long First, long Second) LeastAllocated(Action first, Action second)
    {
        long leastFirst = long.MaxValue, leastSecond = long.MaxValue;
        for (var run = 0; run < 12; run++)
        {
            leastFirst = Math.Min(leastFirst, Allocated(first));
            leastSecond = Math.Min(leastSecond, Allocated(second));
        }
        return (leastFirst, leastSecond);
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

/// <summary>Keeps <see cref="SilentPathTests"/> from running beside other test classes.</summary>
[CollectionDefinition(nameof(SilentPathTests), DisableParallelization = true)]
public sealed class SilentPathCollection;
