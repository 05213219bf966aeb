namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A LastProcessOut create talks to its watcher through pipes; they are closed as soon as the watcher
/// has reported, not left to the garbage collector. Counted in a peer, whose descriptors nothing
/// else touches while it counts.
/// </summary>
public sealed class WatcherDescriptorTests
{
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void LastProcessOut_creates_leave_no_pipe_open_without_a_garbage_collection()
    {
        var stem = Segments.NewName("lpo-pipes");
        using var cleanup = new Cleanup(Enumerable.Range(0, 20).Select(i => $"{stem}-{i}").ToArray());
        using var peer = PeerProcess.Start("lpo-pipes", stem, "20");
        var line = peer.Expect("pipes").Split(' ');
        Assert.Equal(0, peer.WaitForExit());
        Assert.True(line[1] == line[2], $"20 LastProcessOut creates and disposes left {int.Parse(line[2]) - int.Parse(line[1])} pipe descriptors open ({string.Join(' ', line)})");
        Watchers.WaitUntilNoneFor(stem);
    }
}
