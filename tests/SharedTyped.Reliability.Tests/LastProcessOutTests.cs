namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Issue item "last process out": holders keep a shared flock; whoever closes tries for an exclusive
/// one and unlinks if it gets it; a /bin/sh + flock(1) watcher started by the creator does the same
/// when the last holder dies without running any code (SIGKILL). Holders are killed for real here.
/// </summary>
public sealed class LastProcessOutTests
{
    private const long HeldSum = 1024 * 7; // the hold peer's 1024 elements of 7

    [Fact]
    public void TheWatcherNeedsOnlyEssentialTools()
    {
        // flock comes from util-linux, stat and rm from coreutils: both Essential on Debian and Ubuntu.
        foreach (var tool in new[] { "flock", "stat", "rm" })
        {
            Assert.True(File.Exists($"/usr/bin/{tool}") || File.Exists($"/bin/{tool}"),
                $"'{tool}' is missing; SegmentLifetime.LastProcessOut needs it (install util-linux and coreutils).");
        }
    }

    [Fact]
    public void TheNameStaysWhileAHolderLivesAndGoesWhenTheLastIsKilled()
    {
        var name = Shm.NewName("lpo-kill");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        using var attacher = PeerProcess.Start("hold", name, "attach");
        attacher.Expect("ready");
        Assert.Single(Watchers.Of(Shm.PathOf(name)));

        creator.Kill();
        // Give a wrong watcher every chance to act; waiting longer can only hide a bug, never invent one.
        Thread.Sleep(300);
        Assert.True(SharedArray.Exists(name), "the name went away although the attacher still holds it");
        attacher.Send("sum");
        Assert.Equal($"sum {HeldSum}", attacher.ReadLine());

        attacher.Kill();
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after the last holder was killed");
        Watchers.WaitUntilNoneFor(Shm.PathOf(name));
    }

    [Fact]
    public void ALoneCreatorKilledTakesTheNameWithIt()
    {
        var name = Shm.NewName("lpo-alone");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        Assert.True(SharedArray.Exists(name));

        creator.Kill();
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after its only holder was killed");
        Watchers.WaitUntilNoneFor(Shm.PathOf(name));
    }

    [Fact]
    public void TheLastToCloseNormallyRemovesTheName()
    {
        var name = Shm.NewName("lpo-close");
        using var cleanup = new Cleanup(name);
        var options = new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut };
        var mine = SharedArray.Create<long>(name, [1024], fill: 7L, options);
        using var attacher = PeerProcess.Start("hold", name, "attach");
        attacher.Expect("ready");

        mine.Dispose();
        // The peer's shared lock keeps both this closer and the watcher from the exclusive one.
        Assert.True(SharedArray.Exists(name), "closing one of two holders removed the name");

        attacher.Send("exit");
        Assert.Equal(0, attacher.WaitForExit());
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after the last holder closed it");
        Watchers.WaitUntilNoneFor(Shm.PathOf(name));
    }

    [Fact]
    public void AHolderInThisProcessOutlivesAKilledPeer()
    {
        var name = Shm.NewName("lpo-here");
        using var cleanup = new Cleanup(name);
        var options = new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut };
        using (var mine = SharedArray.Create<long>(name, [1024], fill: 7L, options))
        {
            using var attacher = PeerProcess.Start("hold", name, "attach");
            attacher.Expect("ready");
            attacher.Kill();
            Thread.Sleep(300);
            Assert.True(SharedArray.Exists(name), "a killed attacher took the name while this process still holds it");
            Assert.Equal(7, mine[1023]);
        }
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after this process, the last holder, closed it");
        Watchers.WaitUntilNoneFor(Shm.PathOf(name));
    }

    /// <summary>
    /// Ctrl+C in a terminal signals the creator's whole process group, the watcher included; the
    /// watcher ignores it, so holders in other sessions are still cleaned up after.
    /// </summary>
    [Fact]
    public void TheWatcherSurvivesTerminalSignals()
    {
        var name = Shm.NewName("lpo-sigint");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        var watcher = Assert.Single(Watchers.Of(Shm.PathOf(name)));
        Eventually.True(() => Watchers.ChildrenOf(watcher).Count == 1, "the watcher never started flock");
        foreach (var pid in Watchers.ChildrenOf(watcher).Append(watcher))
        {
            foreach (var signal in new[] { Native.SIGINT, Native.SIGHUP, Native.SIGQUIT })
            {
                Native.Kill(pid, signal);
            }
        }

        creator.Kill();
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed: a terminal signal killed the watcher");
        Watchers.WaitUntilNoneFor(Shm.PathOf(name));
    }

    /// <summary>
    /// A holder that closes may unlink; an attach that was refused (wrong type, wrong shape) never
    /// became a holder, so closing what it opened must not remove someone else's segment.
    /// </summary>
    [Fact]
    public void ARefusedAttachNeverUnlinks()
    {
        var name = Shm.NewName("lpo-refused");
        using var cleanup = new Cleanup(name);
        using (SharedArray.Create<int>(name, [4], fill: 3))
        {
        }
        var holder = new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut };

        var type = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<long>(name, holder));
        Assert.Contains($"Shared array '{name}' has element type int32", type.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.AttachReadOnly<int>(name, [5], holder));
        Assert.Contains("has shape (4,), expected (5,)", shape.Message, StringComparison.Ordinal);

        Assert.True(SharedArray.Exists(name), "a refused LastProcessOut attach removed the segment");
        using var attached = SharedArray.Attach<int>(name, [4]);
        Assert.Equal(3, attached[3]);
    }

    /// <summary>
    /// An attach that finds this process already mapping the segment reuses that mapping and closes its
    /// own descriptor. That close must not see "no holder left" and unlink a segment that is in use.
    /// </summary>
    [Fact]
    public void AttachingAgainInOneProcessNeverUnlinks()
    {
        var name = Shm.NewName("lpo-twice");
        using var cleanup = new Cleanup(name);
        using var persistent = SharedArray.Create<int>(name, [16], fill: 5);
        using (var holder = SharedArray.Attach<int>(name, [16], new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut }))
        {
            Assert.True(SharedArray.Exists(name), "attaching with LastProcessOut to a segment this process maps removed its name");
            Assert.Equal(5, holder[15]);
        }
        Assert.True(SharedArray.Exists(name), "the holder's array closed while another array of this process still uses the segment");
    }

    /// <summary>
    /// The watcher must hold the segment before the name appears: a creator killed the instant its
    /// segment is named (the test spins on the file and sends SIGKILL at once) must still leave a
    /// watcher that removes it. Then creators killed at random moments of their start and create:
    /// whatever the instant, no name, no dot file and no watcher may remain.
    /// </summary>
    [Fact]
    public void ACreatorKilledTheMomentTheNameAppearsLeavesNothing()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("lpo-race");
        var environment = new Dictionary<string, string> { ["SHAREDTYPED_SHM_DIR"] = directory };
        const int atTheName = 25, atRandom = 15;
        var random = new Random(20250105);
        var untilNamed = new List<double>();
        for (var round = 0; round < atTheName + atRandom; round++)
        {
            var name = $"race-{round}";
            var path = Path.Combine(directory, name);
            using var creator = PeerProcess.Start(environment, "hold", name, "create");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (round < atTheName)
            {
                while (!File.Exists(path))
                {
                    Assert.False(creator.HasExited || clock.Elapsed > PeerProcess.Patience, $"round {round}: the creator never named '{path}'");
                }
                Native.Kill(creator.Id, Native.SIGKILL);
                untilNamed.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                // Anywhere from the start of the process to well after the name appeared.
                var delay = TimeSpan.FromMilliseconds(random.NextDouble() * 1.5 * untilNamed.Max());
                while (clock.Elapsed < delay)
                {
                    Thread.SpinWait(100);
                }
                Native.Kill(creator.Id, Native.SIGKILL);
            }
            creator.WaitForExit();
            Eventually.True(() => Shm.Entries(directory).Count == 0,
                $"round {round}: a creator killed {clock.Elapsed.TotalMilliseconds:F1} ms after its start left [{string.Join(", ", Shm.Entries(directory))}]");
            Watchers.WaitUntilNoneFor(path);
        }
    }
}
