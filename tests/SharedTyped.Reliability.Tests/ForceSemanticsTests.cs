namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Force replaces and the last one wins: every forcing process succeeds, and each array can tell
/// whether its name still names its segment (<c>IsCurrent</c>), so the losers can notice.
/// </summary>
public sealed class ForceSemanticsTests
{
    /// <summary>Fewer under Windows, where each is a Wine process (see .ci/windows) and only one can win anyway.</summary>
    private static readonly int Creators = OperatingSystem.IsWindows() ? 4 : 12;

    [Fact]
    public void Many_processes_forcing_one_name_all_succeed_and_exactly_one_is_current()
    {
        var name = Segments.NewName("force-many");
        var barrier = UniqueNames.NewTempPath("force-barrier");
        using var cleanup = new Cleanup(name);
        var peers = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < Creators; i++)
            {
                peers.Add(PeerProcess.Start("force-create", name, barrier));
            }
            File.WriteAllText(barrier, "go");
            if (OperatingSystem.IsWindows())
            {
                // Windows frees a name only with its last handle: the first creator holds it, and every
                // other Force is refused saying why (docs/guarantees.md, "Windows").
                var lines = peers.Select(p => (Peer: p, Line: p.ReadLine())).ToList();
                var winner = Assert.Single(lines, l => l.Line == "created");
                Assert.All(lines.Where(l => l.Line != "created"), l =>
                    Assert.Contains("Force cannot replace it on Windows", l.Line, StringComparison.Ordinal));
                winner.Peer.Send("look");
                Assert.Equal($"current True {winner.Peer.Id}", winner.Peer.Expect("current"));
                using var only = SharedArray.Attach<long>(name, [8]);
                Assert.Equal(winner.Peer.Id, only[0]);
                foreach (var peer in peers)
                {
                    peer.Send("exit");
                    Assert.Equal(0, peer.WaitForExit());
                }
                return;
            }
            foreach (var peer in peers)
            {
                Assert.Equal("created", peer.ReadLine());
            }
            var answers = peers.Select(p =>
            {
                p.Send("look");
                return (Peer: p, Line: p.Expect("current"));
            }).ToList();
            var current = Assert.Single(answers, a => a.Line.StartsWith("current True", StringComparison.Ordinal));
            // The one that is current is the one the name opens: its fill is its process id.
            using var seen = SharedArray.Attach<long>(name, [8]);
            Assert.Equal($"current True {seen[0]}", current.Line);
            Assert.Equal(current.Peer.Id, seen[0]);
            Assert.True(seen.IsCurrent);
            foreach (var peer in peers)
            {
                peer.Send("exit");
                Assert.Equal(0, peer.WaitForExit());
            }
        }
        finally
        {
            peers.ForEach(p => p.Dispose());
            File.Delete(barrier);
        }
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void An_array_whose_name_was_deleted_or_replaced_is_not_current()
    {
        var name = Segments.NewName("force-current");
        using var cleanup = new Cleanup(name);
        using var mine = SharedArray.Create<long>(name, [8], fill: 1L);
        using var view = mine.AsReadOnly();
        Assert.True(mine.IsCurrent);
        Assert.True(view.IsCurrent);
        var barrier = UniqueNames.NewTempPath("force-barrier");
        File.WriteAllText(barrier, "go");
        try
        {
            using var peer = PeerProcess.Start("force-create", name, barrier);
            Assert.Equal("created", peer.ReadLine());
            Assert.False(mine.IsCurrent, "an array replaced by another process's Force create still says it is current");
            Assert.False(view.IsCurrent);
            peer.Send("exit");
            Assert.Equal(0, peer.WaitForExit());
        }
        finally
        {
            File.Delete(barrier);
        }
        SharedArray.Delete(name);
        Assert.False(mine.IsCurrent);
        Assert.Equal(1L, mine[7]);
    }
}

/// <summary>
/// Force and Delete remove only this user's segments unless told otherwise, root included: a segment
/// given to another user is refused with <see cref="SharedArrayAccessException"/> and left as it was.
/// </summary>
public sealed class ForeignOwnerRemovalTests
{
    [RootFact("gives a segment to another user (chown)")]
    public void Delete_refuses_another_users_segment_unless_allowed()
    {
        var name = Segments.NewName("foreign-delete");
        using var cleanup = new Cleanup(name);
        using (SharedArray.Create<long>(name, [8], fill: 4L)) { }
        Native.ChownOrFail(Segments.PathOf(name), 65534, 65534);

        var refused = Assert.Throws<SharedArrayAccessException>(() => SharedArray.Delete(name));
        Assert.Contains($"'{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("owned by user 65534", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DeleteOptions.DeleteForeignSegment", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Segments.PathOf(name)));

        Assert.True(SharedArray.Delete(name, new DeleteOptions { DeleteForeignSegment = true }));
        Assert.False(File.Exists(Segments.PathOf(name)));
    }

    [RootFact("gives a segment to another user (chown)")]
    public void Force_refuses_to_replace_another_users_segment_unless_allowed()
    {
        var name = Segments.NewName("foreign-force");
        using var cleanup = new Cleanup(name);
        using (SharedArray.Create<long>(name, [8], fill: 4L)) { }
        Native.ChownOrFail(Segments.PathOf(name), 65534, 65534);
        var inode = Native.Inode(Segments.PathOf(name));

        var refused = Assert.Throws<SharedArrayAccessException>(() => SharedArray.Create<long>(name, [8], new CreateOptions { Force = true }));
        Assert.Contains($"'{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("owned by user 65534", refused.Message, StringComparison.Ordinal);
        Assert.Equal(inode, Native.Inode(Segments.PathOf(name)));

        using var replaced = SharedArray.Create<long>(name, [8], fill: 5L, new CreateOptions { Force = true, ReplaceForeignSegment = true });
        Assert.NotEqual(inode, Native.Inode(Segments.PathOf(name)));
        Assert.True(replaced.IsCurrent);
    }
}
