using SharedTyped.TestCases;

namespace SharedTyped.Reliability.Tests;

/// <summary>The runtime half of the one name table (tests/Shared/SegmentNameCases.cs); the analyzers' half is in the generator tests.</summary>
public sealed class NameRuleTableTests
{
    public static TheoryData<int> InvalidCases() => new(Enumerable.Range(0, SegmentNameCases.Invalid.Length));

    public static TheoryData<int> ValidCases() => new(Enumerable.Range(0, SegmentNameCases.Valid.Length));

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Every_name_of_the_table_that_the_analyzers_refuse_the_runtime_refuses(int index)
    {
        var (name, why) = SegmentNameCases.Invalid[index];
        var refused = Assert.Throws<ArgumentException>(() => SharedArray.Create<long>(name, [4], new CreateOptions { Directory = "/nonexistent-sharedtyped-directory" }));
        Assert.StartsWith("Shared array name '", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SharedArray.Exists(name));
        Assert.NotNull(why);
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Every_name_of_the_table_that_the_analyzers_accept_the_runtime_accepts(int index)
    {
        var name = Segments.RunPrefix + SegmentNameCases.Valid[index];
        using var cleanup = new Cleanup(name);
        using (var array = SharedArray.Create<long>(name, [4], fill: 2L))
        {
            Assert.Equal(2L, array[3]);
            Assert.True(SharedArray.Exists(name));
        }
        // Windows freed it with its last handle; elsewhere the file stays until deleted.
        Assert.Equal(!OperatingSystem.IsWindows(), OperatingSystem.IsLinux() ? File.Exists(Segments.PathOf(name)) : SharedArray.Exists(name));
        Assert.True(SharedArray.Delete(name));
    }
}
