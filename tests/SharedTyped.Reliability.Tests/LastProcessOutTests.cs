namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Last process out": holders keep a shared flock; whoever closes tries for an exclusive
/// one and unlinks if it gets it; a /bin/sh + flock(1) watcher started by the creator does the same
/// when the last holder dies without running any code (SIGKILL). Holders are killed for real here.
/// </summary>
public sealed class LastProcessOutTests
{
    private const long HeldSum = 1024 * 7; // the hold peer's 1024 elements of 7

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void The_watcher_needs_only_essential_tools()
    {
        // flock comes from util-linux, stat and rm from coreutils: both Essential on Debian and Ubuntu.
        foreach (var tool in new[] { "flock", "stat", "rm" })
        {
            Assert.True(File.Exists($"/usr/bin/{tool}") || File.Exists($"/bin/{tool}"),
                $"'{tool}' is missing; SegmentLifetime.LastProcessOut needs it (install util-linux and coreutils).");
        }
    }

    [Fact]
    public void The_name_stays_while_a_holder_lives_and_goes_when_the_last_is_killed()
    {
        var name = Segments.NewName("lpo-kill");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        using var attacher = PeerProcess.Start("hold", name, "attach");
        attacher.Expect("ready");
        if (OperatingSystem.IsLinux())
        {
            Assert.Single(Watchers.Of(Segments.PathOf(name)));
        }

        creator.Kill();
        // Give a wrong watcher every chance to act; waiting longer can only hide a bug, never invent one.
        Thread.Sleep(300);
        Assert.True(SharedArray.Exists(name), "the name went away although the attacher still holds it");
        attacher.Send("sum");
        Assert.Equal($"sum {HeldSum}", attacher.ReadLine());

        attacher.Kill();
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after the last holder was killed");
        NoWatcherLeftFor(name);
    }

    [Fact]
    public void A_lone_creator_killed_takes_the_name_with_it()
    {
        var name = Segments.NewName("lpo-alone");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        Assert.True(SharedArray.Exists(name));

        creator.Kill();
        Eventually.True(() => !SharedArray.Exists(name), "the name stayed after its only holder was killed");
        NoWatcherLeftFor(name);
    }

    [Fact]
    public void The_last_to_close_normally_removes_the_name()
    {
        var name = Segments.NewName("lpo-close");
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
        NoWatcherLeftFor(name);
    }

    [Fact]
    public void A_holder_in_this_process_outlives_a_killed_peer()
    {
        var name = Segments.NewName("lpo-here");
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
        NoWatcherLeftFor(name);
    }

    /// <summary>
    /// Ctrl+C in a terminal signals the creator's whole process group, the watcher included; the
    /// watcher ignores it, so holders in other sessions are still cleaned up after.
    /// </summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void The_watcher_survives_terminal_signals()
    {
        var name = Segments.NewName("lpo-sigint");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        var watcher = Assert.Single(Watchers.Of(Segments.PathOf(name)));
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
        Watchers.WaitUntilNoneFor(Segments.PathOf(name));
    }

    /// <summary>
    /// A holder that closes may unlink; an attach that was refused (wrong type, wrong shape) never
    /// became a holder, so closing what it opened must not remove someone else's segment.
    /// </summary>
    [Fact]
    public void A_refused_attach_never_unlinks()
    {
        var name = Segments.NewName("lpo-refused");
        using var cleanup = new Cleanup(name);
        var created = SharedArray.Create<int>(name, [4], fill: 3);
        // Windows frees a mapping with its last handle: there this process keeps one, elsewhere none.
        using var kept = OperatingSystem.IsWindows() ? created : null;
        if (kept is null)
        {
            created.Dispose();
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

    // One process, one segment, arrays of different lifetimes. They share one mapping; only the
    // LastProcessOut arrays make the process a holder. When the last of them goes, the process drops
    // out of the holders (and removes the name if it was the last holder anywhere), exactly as if the
    // Persistent arrays lived in another process. A Persistent array neither holds nor unlinks.

    private static readonly AttachOptions Holder = new() { Lifetime = SegmentLifetime.LastProcessOut };

    /// <summary>Persistent creator, LastProcessOut attach; the attach goes first and was the last holder anywhere.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Persistent_create_then_holder_attach_the_holder_leaving_first_takes_the_name()
    {
        var name = Segments.NewName("lpo-mixed-a");
        using var cleanup = new Cleanup(name);
        var persistent = SharedArray.Create<int>(name, [2], fill: 1);
        var holder = SharedArray.Attach<int>(name, [2], Holder);
        // Reusing this process's mapping must not look like "no holder left".
        Assert.True(SharedArray.Exists(name), "attaching with LastProcessOut to a segment this process maps removed its name");
        Assert.Equal(1, holder[1]);

        holder.Dispose();
        Assert.False(SharedArray.Exists(name), "the last LastProcessOut holder left, and the name stayed");
        // The mapping is the Persistent array's still.
        Assert.Equal(1, persistent[1]);
        persistent[0] = 4;
        Assert.Equal(4, persistent[0]);

        persistent.Dispose();
        Assert.False(SharedArray.Exists(name));
    }

    /// <summary>Persistent creator, LastProcessOut attach; the Persistent array goes first and changes nothing.</summary>
    [Fact]
    public void Persistent_create_then_holder_attach_the_persistent_leaving_first_changes_nothing()
    {
        var name = Segments.NewName("lpo-mixed-b");
        using var cleanup = new Cleanup(name);
        var persistent = SharedArray.Create<int>(name, [2], fill: 1);
        var holder = SharedArray.Attach<int>(name, [2], Holder);

        persistent.Dispose();
        Assert.True(SharedArray.Exists(name), "disposing a Persistent array removed the name of a segment with a live holder");
        Assert.Equal(1, holder[1]);

        holder.Dispose();
        Assert.False(SharedArray.Exists(name), "the last holder left, and the name stayed");
    }

    /// <summary>
    /// The Persistent array outlives this process's holder: it must not keep the process among the
    /// holders, so the peer, the last real holder, removes the name when it exits, while the
    /// Persistent array here is still open. (With a holder flag stuck on the shared mapping, the
    /// peer found this process still holding, the name stayed, and the Persistent dispose removed it.)
    /// </summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_persistent_array_neither_holds_nor_unlinks()
    {
        var name = Segments.NewName("lpo-mixed-c");
        using var cleanup = new Cleanup(name);
        using var persistent = SharedArray.Create<long>(name, [1024], fill: 7L);
        var holder = SharedArray.Attach<long>(name, [1024], Holder);
        using var peer = PeerProcess.Start("hold", name, "attach");
        peer.Expect("ready");

        holder.Dispose();
        Assert.True(SharedArray.Exists(name), "this process left the holders, and the name went although the peer holds it");

        peer.Send("exit");
        Assert.Equal(0, peer.WaitForExit());
        Eventually.True(() => !SharedArray.Exists(name), "the peer, the last holder, left and the name stayed: the Persistent array here still counted as a holder");
        Assert.Equal(7L, persistent[1023]);
    }

    /// <summary>LastProcessOut creator, Persistent attach, both orders; and two holders in one process count as one holder that leaves with the last.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Holder_create_then_persistent_attach_in_both_orders()
    {
        var options = new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut };
        var first = Segments.NewName("lpo-mixed-d");
        var second = Segments.NewName("lpo-mixed-e");
        using var cleanup = new Cleanup(first, second);

        var creator = SharedArray.Create<int>(first, [2], fill: 3, options);
        var persistent = SharedArray.Attach<int>(first, [2]);
        creator.Dispose();
        Assert.False(SharedArray.Exists(first), "the only holder left, and the name stayed");
        Assert.Equal(3, persistent[1]);
        persistent.Dispose();
        Watchers.WaitUntilNoneFor(Segments.PathOf(first));

        creator = SharedArray.Create<int>(second, [2], fill: 3, options);
        var again = SharedArray.Attach<int>(second, [2], Holder);
        var persistentToo = SharedArray.Attach<int>(second, [2]);
        persistentToo.Dispose();
        creator.Dispose();
        Assert.True(SharedArray.Exists(second), "one of two holders of this process left, and the name went");
        Assert.Equal(3, again[1]);
        again.Dispose();
        Assert.False(SharedArray.Exists(second), "the last holder left, and the name stayed");
        Watchers.WaitUntilNoneFor(Segments.PathOf(second));
    }

    /// <summary>
    /// The watcher must hold the segment before the name appears: a creator killed the instant its
    /// segment is named (the test spins on the file and sends SIGKILL at once) must still leave a
    /// watcher that removes it. Then creators killed at random moments of their start and create:
    /// whatever the instant, no name, no dot file and no watcher may remain.
    /// </summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_creator_killed_the_moment_the_name_appears_leaves_nothing()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("lpo-race");
        var environment = new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = directory };
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
            Eventually.True(() => Segments.Entries(directory).Count == 0,
                $"round {round}: a creator killed {clock.Elapsed.TotalMilliseconds:F1} ms after its start left [{string.Join(", ", Segments.Entries(directory))}]");
            Watchers.WaitUntilNoneFor(path);
        }
    }

    /// <summary>
    /// A LastProcessOut create that finds the name taken has already started its watcher on the
    /// hidden inode. It must fail as "exists", leave the other segment alone, and its watcher must
    /// exit once the loser's lock is gone, without removing the winner's name.
    /// </summary>
    [Fact]
    public void A_losing_LastProcessOut_create_leaves_the_winner_and_no_watcher()
    {
        var name = Segments.NewName("lpo-lost");
        using var cleanup = new Cleanup(name);
        using var winner = SharedArray.Create<int>(name, [4], fill: 8);
        var e = Assert.Throws<SharedArrayExistsException>(() =>
            SharedArray.Create<int>(name, [4], fill: 9, new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut }));
        Assert.Equal($"Shared array '{name}' already exists ('{SharedMemory.Locate(name)}'); requested int, shape (4,)." +
            " To replace it, create with CreateOptions.Force; to use it, CreateOrAttach or Attach; to have a name removed when its last" +
            $" process ends, create it with SegmentLifetime.LastProcessOut; to remove it now: sharedtyped rm {name}", e.Message);
        NoWatcherLeftFor(name);
        Assert.True(SharedArray.Exists(name), "the losing creator's watcher removed the winner's name");
        Assert.Equal(8, winner[3]);
    }

    /// <summary>
    /// Waits until no LastProcessOut watcher is left for the name. Only Linux has one: Windows frees a mapping
    /// with its last handle by itself (docs/guarantees.md, "Windows").
    /// </summary>
    private static void NoWatcherLeftFor(string name)
    {
        if (OperatingSystem.IsLinux())
        {
            Watchers.WaitUntilNoneFor(Segments.PathOf(name));
        }
    }
}
