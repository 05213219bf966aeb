namespace SharedTyped.Ecosystem.Tests;

[CollectionDefinition(LeakCheckLast.LeakCheckCollection)]
public sealed class LeakCheckCollection;

[Collection(LeakCheckLast.LeakCheckCollection)]
public sealed class LeakCheckTests
{
    [Fact]
    public void No_segment_or_directory_of_this_project_is_left_in_dev_shm()
    {
        Assert.Empty(Segments.Leftovers());
    }
}
