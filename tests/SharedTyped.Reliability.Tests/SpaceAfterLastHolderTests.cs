namespace SharedTyped.Reliability.Tests;

/// <summary>
/// The space of a <see cref="SegmentLifetime.LastProcessOut"/> segment is back when its last holder's dispose returns:
/// the watcher no longer holds the pages after the name is gone. Before, a create right after the dispose found the
/// file system full 4 times in 5 (the watcher let go 5–7 ms later).
/// </summary>
public sealed class SpaceAfterLastHolderTests
{
    /// <summary>40 MB of a 64 MiB tmpfs: two never fit at once.</summary>
    private const long Elements = 5_000_000;

    [RootFact("mounts a 64 MiB tmpfs")]
    public void A_create_right_after_the_last_holder_disposes_finds_the_space()
    {
        using var tmpfs = SmallTmpfs.Mount("64m");
        var name = Segments.NewName("space-after");
        var options = new CreateOptions { Directory = tmpfs.Path, Lifetime = SegmentLifetime.LastProcessOut };
        try
        {
            for (var round = 0; round < 50; round++)
            {
                using (var array = SharedArray.Create<long>(name, [Elements], fill: round, options))
                {
                    Assert.Equal(round, array[Elements - 1]);
                }
                Assert.False(File.Exists(Path.Combine(tmpfs.Path, name)), $"round {round}: the last holder's dispose left the name");
                // At once, the same size again, under another lifetime: the old pages must be free by now.
                using (var next = SharedArray.Create<long>(name, [Elements], new CreateOptions { Directory = tmpfs.Path, Lifetime = SegmentLifetime.DeleteOnDispose }))
                {
                    Assert.Equal(0L, next[0]);
                }
            }
        }
        finally
        {
            SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path });
            Watchers.WaitUntilNoneFor(Path.Combine(tmpfs.Path, name));
        }
    }

    /// <summary>
    /// The free bytes are read after a reservation failed; when the space came back in between, the message says so
    /// instead of "needs N bytes but only M free" with M larger than N (seen once before the dispose waited).
    /// </summary>
    [LinuxFact("the free space of /dev/shm, Linux's tmpfs")]
    public void An_out_of_space_message_never_says_more_is_free_than_was_asked()
    {
        var free = new DriveInfo(Segments.Directory).AvailableFreeSpace;
        var came = LinuxSharedMemory.OutOfSpace("prices", Segments.Directory, 4096, null);
        Assert.StartsWith($"Shared array 'prices' needs 4096 bytes and '{Segments.Directory}' had too few free when they were reserved; it reports ", came.Message, StringComparison.Ordinal);
        Assert.EndsWith(" bytes free now, so space was freed in between (another segment let go): try again.", came.Message, StringComparison.Ordinal);
        Assert.True(came.AvailableBytes >= came.RequestedBytes);

        var lacking = LinuxSharedMemory.OutOfSpace("prices", Segments.Directory, free * 4 + (1L << 40), null);
        Assert.Matches($@"^Shared array 'prices' needs {free * 4 + (1L << 40)} bytes but '{Segments.Directory}' has only \d+ bytes free\.$", lacking.Message);
        Assert.True(lacking.AvailableBytes < lacking.RequestedBytes);
    }
}
