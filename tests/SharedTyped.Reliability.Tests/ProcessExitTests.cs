namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A producer whose <see cref="SegmentLifetime.DeleteOnDispose"/> array is never disposed: its name goes when the
/// process ends by Ctrl+C (SIGINT), SIGTERM or a normal exit. Before, each left the name, and the next start died with
/// <see cref="SharedArrayExistsException"/>.
/// </summary>
public sealed class ProcessExitTests
{
    [LinuxTheory("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    [InlineData(Native.SIGINT)]
    [InlineData(15)]
    public void A_signal_that_ends_the_producer_removes_its_DeleteOnDispose_name(int signal)
    {
        var name = Segments.NewName($"exit-signal-{signal}");
        using var cleanup = new Cleanup(name);
        using var producer = PeerProcess.Start("delete-on-dispose", name, "wait");
        producer.Expect("ready");
        Assert.True(File.Exists(Segments.PathOf(name)), "the producer's name is not there: the test did not set up what it checks");
        Assert.Equal(0, Native.Kill(producer.Id, signal));
        producer.WaitForExit();
        Assert.False(File.Exists(Segments.PathOf(name)), $"signal {signal} ended the producer and its DeleteOnDispose name stayed");
        // The next start is not refused.
        using var next = SharedArray.Create<long>(name, [16], new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
    }

    [Fact]
    public void A_normal_exit_without_dispose_removes_the_DeleteOnDispose_name()
    {
        var name = Segments.NewName("exit-return");
        using var cleanup = new Cleanup(name);
        using var producer = PeerProcess.Start("delete-on-dispose", name, "return");
        producer.Expect("ready");
        Assert.Equal(0, producer.WaitForExit());
        // On Windows the mapping goes with the process's last handle anyway; on Linux the exit handler removes the name.
        Assert.False(SharedArray.Exists(name), "the producer returned from Main and its DeleteOnDispose name stayed");
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void An_exit_leaves_a_name_that_is_no_longer_the_producers_segment()
    {
        var name = Segments.NewName("exit-replaced");
        using var cleanup = new Cleanup(name);
        using var producer = PeerProcess.Start("delete-on-dispose", name, "wait");
        producer.Expect("ready");
        // Another process replaced the segment under the same name: its name is not the producer's to remove.
        using var replacement = SharedArray.Create<long>(name, [16], fill: 9L, new CreateOptions { Force = true });
        Assert.Equal(0, Native.Kill(producer.Id, Native.SIGINT));
        producer.WaitForExit();
        Assert.True(File.Exists(Segments.PathOf(name)), "the exiting producer removed a name that was no longer its segment's");
        using var again = SharedArray.Attach<long>(name, [16]);
        Assert.Equal(9L, again[0]);
    }
}
