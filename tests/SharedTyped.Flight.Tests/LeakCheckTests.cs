namespace SharedTyped.Flight.Tests;

/// <summary>Runs after every other collection (tests/Shared/RunLast.cs): the suite left no directory or segment of its own in /dev/shm.</summary>
[Collection(RunLastCollection.Name)]
public sealed class LeakCheckTests
{
    [Fact]
    public void No_directory_or_segment_of_this_run_is_left_in_dev_shm()
    {
        Assert.Empty(Segments.Remaining());
    }
}
