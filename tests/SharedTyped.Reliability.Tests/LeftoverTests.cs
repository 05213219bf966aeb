namespace SharedTyped.Reliability.Tests;

/// <summary>Runs after every other collection: this run removed every segment, watcher and mount it made.</summary>
[Collection(RunLastCollection.Name)]
public sealed class LeftoverTests
{
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Nothing_of_ours_is_left()
    {
        Watchers.WaitUntilNoneFor(Segments.RunPrefix);
        Assert.Empty(Segments.Remaining());
        Assert.DoesNotContain(File.ReadLines("/proc/mounts"), line => line.Contains(Segments.RunPrefix, StringComparison.Ordinal));
        // Watchers this process started were reaped too, not left as zombies.
        Eventually.True(() => Watchers.ZombieChildrenOf(Environment.ProcessId).Count == 0, "a child process of the test host is a zombie");
    }
}
