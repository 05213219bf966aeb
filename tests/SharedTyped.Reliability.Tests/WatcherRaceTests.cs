namespace SharedTyped.Reliability.Tests;

/// <summary>
/// The LastProcessOut watcher removes a name only while it still names the watcher's own inode, by a
/// step that is atomic against every other SharedTyped process (the directory's NameLock), not by a
/// short window. A peer holding many segments is killed, which wakes all their watchers at once, and
/// the test immediately makes every name again: not one new segment may be lost.
/// </summary>
public sealed class WatcherRaceTests
{
    private const int Names = 50;
    private const int Rounds = 4;

    [LinuxFact("the LastProcessOut watcher and its flock holders (/proc); on Windows a segment goes with its last handle")]
    public void A_holder_killed_then_its_names_forced_at_once_loses_no_new_segment() =>
        KillThenRecreate("race-force", name => SharedArray.Create<long>(name, [8], fill: 42L, new CreateOptions { Force = true }));

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_holder_killed_then_its_names_deleted_and_created_at_once_loses_no_new_segment() =>
        KillThenRecreate("race-delete", name =>
        {
            SharedArray.Delete(name);
            return SharedArray.Create<long>(name, [8], fill: 42L);
        });

    private static void KillThenRecreate(string tag, Func<string, SharedArray<long>> recreate)
    {
        var losses = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var stem = Segments.NewName(tag);
            var names = Enumerable.Range(0, Names).Select(i => $"{stem}-{i}").ToArray();
            using var cleanup = new Cleanup(names);
            var made = new List<(string Name, SharedArray<long> Array, ulong Inode)>();
            try
            {
                using (var holder = PeerProcess.Start("hold-many", stem, Names.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    holder.Expect("ready");
                    Assert.Equal(Names, Watchers.Of(stem).Count);
                    holder.Kill();
                }
                foreach (var name in names)
                {
                    var array = recreate(name);
                    made.Add((name, array, Native.Inode(Segments.PathOf(name))));
                }
                // Every old watcher has looked and gone; only then is a loss final.
                Watchers.WaitUntilNoneFor(stem);
                foreach (var (name, array, inode) in made)
                {
                    if (!File.Exists(Segments.PathOf(name)) || Native.Inode(Segments.PathOf(name)) != inode)
                    {
                        losses.Add($"round {round}: {name}");
                    }
                    Assert.Equal(42L, array[7]);
                }
            }
            finally
            {
                made.ForEach(m => m.Array.Dispose());
            }
        }
        Assert.True(losses.Count == 0, $"{losses.Count} of {Rounds * Names} new segments lost their name to a dead holder's watcher: {string.Join(", ", losses.Take(5))}");
    }
}

/// <summary>
/// The watcher itself is killed, then every holder: no process is left to remove the name when the
/// last holder goes, so the next SharedTyped process that touches the name notices that the segment
/// is a LastProcessOut one with no holder and removes it.
/// </summary>
public sealed class KilledWatcherTests
{
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void An_attach_after_watcher_and_holders_were_killed_finds_nothing_and_the_name_is_gone() =>
        KillWatcherThenHolders("killed-watcher-attach", name =>
        {
            Assert.False(SharedArray.TryAttach<long>(name, out var array), "an orphaned LastProcessOut segment was attached");
            array?.Dispose();
        });

    /// <summary>Looking removes nothing (docs/guarantees.md): Exists, Inspect, Stat and List see the orphan and leave it; the attach after them removes it.</summary>
    [LinuxFact("the LastProcessOut watcher and its flock holders (/proc); on Windows a segment goes with its last handle")]
    public void Looking_after_watcher_and_holders_were_killed_leaves_the_orphan_for_the_next_attach() =>
        KillWatcherThenHolders("killed-watcher-look", name =>
        {
            Assert.True(SharedArray.Exists(name));
            Assert.NotNull(SharedMemory.Inspect(name));
            Assert.NotNull(SharedMemory.Stat(name));
            Assert.Contains(name, SharedMemory.List());
            Assert.True(File.Exists(Segments.PathOf(name)), "looking at an orphan removed it");
            Assert.False(SharedArray.TryAttach<long>(name, out var array), "an orphaned LastProcessOut segment was attached");
            array?.Dispose();
        });

    /// <summary>A Persistent segment a peer marked as a LastProcessOut one (chmod +t) and that nobody holds: looking leaves it.</summary>
    [LinuxFact("the LastProcessOut watcher and its flock holders (/proc); on Windows a segment goes with its last handle")]
    public void Looking_at_a_segment_a_peer_marked_leaves_it()
    {
        var name = Segments.NewName("marked-look");
        using var cleanup = new Cleanup(name);
        using (SharedArray.Create<long>(name, [4], fill: 5L))
        {
        }
        File.SetUnixFileMode(Segments.PathOf(name), File.GetUnixFileMode(Segments.PathOf(name)) | UnixFileMode.StickyBit);
        Assert.True(SharedArray.Exists(name));
        Assert.Equal(new long[] { 4 }, SharedMemory.Inspect(name).Shape);
        Assert.NotNull(SharedMemory.Stat(name));
        Assert.Contains(name, SharedMemory.List());
        Assert.True(File.Exists(Segments.PathOf(name)), "looking at a marked segment removed it");
    }

    [LinuxFact("the LastProcessOut watcher and its flock holders (/proc); on Windows a segment goes with its last handle")]
    public void A_create_after_watcher_and_holders_were_killed_takes_the_name() =>
        KillWatcherThenHolders("killed-watcher-create", name =>
        {
            using var array = SharedArray.Create<long>(name, [4], fill: 3L);
            Assert.Equal(3L, array[3]);
            SharedArray.Delete(name);
        });

    /// <summary>
    /// The kernel may release a killed holder's lock a little after the holder was reaped (a task that read
    /// its /proc entries as it died still held its mapping; docs/guarantees.md). Here a child the holder
    /// forked keeps the locked description until a moment after the holder is gone, so /proc/locks lists the
    /// lock under a dead pid until then: the create waits for the kernel to let go instead of refusing the name.
    /// </summary>
    [LinuxFact("the LastProcessOut watcher and its flock holders (/proc); on Windows a segment goes with its last handle")]
    public void A_create_while_a_killed_holders_lock_is_still_being_released_takes_the_name()
    {
        var name = Segments.NewName("killed-holder-late-release");
        using var cleanup = new Cleanup(name);
        using (var creator = PeerProcess.Start("hold", name, "create"))
        {
            creator.Expect("ready");
            KillWatcherOf(name);
            using var holder = ChildProcess.Start(Python.Require(), ["-c", LateReleasingHolder, Segments.PathOf(name)]);
            holder.Expect("ready");
            creator.Kill();
            holder.Kill();
        }
        Assert.True(File.Exists(Segments.PathOf(name)), "the name went although its watcher was dead: the test did not set up what it checks");
        using (var array = SharedArray.Create<long>(name, [4], fill: 3L))
        {
            Assert.Equal(3L, array[3]);
        }
        SharedArray.Delete(name);
        Assert.False(File.Exists(Segments.PathOf(name)), "the new segment's name stayed after Delete");
    }

    /// <summary>Takes a shared flock on the segment ($1) and forks a child that keeps it until 0.3 s after this process is gone.</summary>
    private const string LateReleasingHolder = """
        import fcntl, os, sys, time
        fd = os.open(sys.argv[1], os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_SH)
        parent = os.getpid()
        if os.fork() == 0:
            null = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(null, stream)
            deadline = time.monotonic() + 120
            while os.getppid() == parent and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)
            os._exit(0)
        print("ready", flush=True)
        time.sleep(600)
        """;

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_holder_that_survives_the_watcher_still_removes_the_name_when_it_closes()
    {
        var name = Segments.NewName("killed-watcher-survivor");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("hold", name, "create");
        creator.Expect("ready");
        var mine = SharedArray.Attach<long>(name, new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut });
        KillWatcherOf(name);
        creator.Kill();
        Assert.True(File.Exists(Segments.PathOf(name)), "the name went while this process still holds it");
        mine.Dispose();
        Assert.False(File.Exists(Segments.PathOf(name)), "the last holder closed and the name stayed");
    }

    private static void KillWatcherThenHolders(string tag, Action<string> touch)
    {
        var name = Segments.NewName(tag);
        using var cleanup = new Cleanup(name);
        using (var creator = PeerProcess.Start("hold", name, "create"))
        {
            creator.Expect("ready");
            using var attacher = PeerProcess.Start("hold", name, "attach");
            attacher.Expect("ready");
            KillWatcherOf(name);
            creator.Kill();
            attacher.Kill();
        }
        Assert.True(File.Exists(Segments.PathOf(name)), "the name went although its watcher was dead: the test did not set up what it checks");
        touch(name);
        Assert.False(File.Exists(Segments.PathOf(name)), "the orphaned LastProcessOut segment was left in place");
    }

    /// <summary>SIGKILL to the watcher shell and its flock child: nothing of the watcher survives.</summary>
    private static void KillWatcherOf(string name)
    {
        var watcher = Assert.Single(Watchers.Of(Segments.PathOf(name)));
        var children = Watchers.ChildrenOf(watcher);
        Native.Kill(watcher, Native.SIGKILL);
        foreach (var child in children)
        {
            Native.Kill(child, Native.SIGKILL);
        }
        Watchers.WaitUntilNoneFor(Segments.PathOf(name));
    }
}

/// <summary>An orphan of another user is that user's to clean up: touching its name leaves it, root included.</summary>
public sealed class ForeignOrphanTests
{
    [RootFact("gives an orphaned segment to another user (chown)")]
    public void Another_users_orphan_is_left_alone()
    {
        var name = Segments.NewName("foreign-orphan");
        using var cleanup = new Cleanup(name);
        using (var creator = PeerProcess.Start("hold", name, "create"))
        {
            creator.Expect("ready");
            var watcher = Assert.Single(Watchers.Of(Segments.PathOf(name)));
            var children = Watchers.ChildrenOf(watcher);
            Native.Kill(watcher, Native.SIGKILL);
            children.ToList().ForEach(c => Native.Kill(c, Native.SIGKILL));
            Watchers.WaitUntilNoneFor(Segments.PathOf(name));
            creator.Kill();
        }
        Native.ChownOrFail(Segments.PathOf(name), 65534, 65534);
        Assert.True(SharedArray.Exists(name));
        using (var array = SharedArray.Attach<long>(name, new AttachOptions { AcceptForeignSegment = true }))
        {
            Assert.Equal(7L, array[0]);
        }
        Assert.True(File.Exists(Segments.PathOf(name)), "another user's orphan was removed");
    }
}
