namespace SharedTyped.Reliability.Tests;

/// <summary>Runs after every other collection: the suite removed every segment, watcher and mount it made.</summary>
[Collection(LeftoversLastOrderer.LastCollection)]
public sealed class LeftoverTests
{
    [Fact]
    public void NothingOfOursIsLeft()
    {
        Watchers.WaitUntilNoneFor(Shm.Prefix);
        Assert.Empty(Shm.Leftovers());
        Assert.DoesNotContain(File.ReadLines("/proc/mounts"), line => line.Contains(Shm.Prefix, StringComparison.Ordinal));
        // Watchers this process started were reaped too, not left as zombies.
        Eventually.True(() => Watchers.ZombieChildrenOf(Environment.ProcessId).Count == 0, "a child process of the test host is a zombie");
    }
}
