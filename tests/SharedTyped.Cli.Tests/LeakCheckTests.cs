namespace SharedTyped.Cli.Tests;

/// <summary>Runs after every other collection (tests/Shared/RunLast.cs): the suite left nothing of its own in /dev/shm.</summary>
[Collection(RunLastCollection.Name)]
public sealed class LeakCheckTests
{
    [Fact]
    public void No_segment_or_directory_of_this_project_is_left_in_dev_shm()
    {
        Assert.Empty(Segments.Remaining());
    }
}
