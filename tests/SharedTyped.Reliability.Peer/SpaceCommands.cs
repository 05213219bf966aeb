namespace SharedTyped.Reliability.Peer;

/// <summary>Fills a small tmpfs, and creates a segment slowly.</summary>
internal static class SpaceCommands
{
    /// <summary>
    /// Creates a segment of <paramref name="bytes"/> in SHAREDTYPED_SHM_DIR and writes every byte of it,
    /// then asks for a second one of the same size. Without the reservation at create, the second
    /// create would succeed and its fill would kill this process with SIGBUS.
    /// </summary>
    public static int FillUntilFull(string prefix, long bytes)
    {
        var elements = bytes / sizeof(long);
        using var first = SharedArray.Create<long>(prefix + "-a", [elements], fill: -1L);
        long sum = 0;
        foreach (var v in first.AsSpan())
        {
            sum += v;
        }
        Barrier.Say($"first {first.ByteLength} {sum}");
        try
        {
            using var second = SharedArray.Create<long>(prefix + "-b", [elements], fill: -1L);
            Barrier.Say($"second created {second.ByteLength}");
        }
        catch (SharedArrayOutOfSpaceException e)
        {
            Barrier.Say($"second out-of-space {e.RequestedBytes} {e.AvailableBytes} {e.Message}");
        }
        SharedArray.Delete(prefix + "-a");
        return 0;
    }

    /// <summary>
    /// Loads <paramref name="file"/> into a new segment and, with the data copied but the name not yet
    /// published, stops: says "building", and waits for the barrier file <paramref name="go"/>.
    /// </summary>
    public static int SlowLoad(string name, string file, string go)
    {
        var options = new LoadOptions { AcceptExisting = false };
        var paused = false;
        try
        {
            var result = SharedArray.Load<long>(file, name, default, checkShape: false, options, progress: _ =>
            {
                if (!paused)
                {
                    paused = true;
                    Barrier.Say("building");
                    Barrier.WaitFor(go);
                }
            });
            using var array = result.Array;
            Barrier.Say($"published {array.AsSpan()[0]}");
        }
        catch (SharedArrayExistsException e)
        {
            Barrier.Say($"exists {e.Message}");
        }
        return 0;
    }
}
