using System.Globalization;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "A full `/dev/shm` fails at `Create`": tmpfs hands out pages on first touch and a touch it cannot back is a
/// SIGBUS. Create reserves every page with posix_fallocate, so a segment that does not fit fails at
/// Create (how much was asked, how much is free) and one that fits can be written whole.
/// Runs on a 1 MiB tmpfs the test mounts (root; CI runs as root).
/// </summary>
public sealed class OutOfSpaceTests
{
    private const long Capacity = 1 << 20;

    /// <summary>What a segment adds to its data: the 64-byte header and the 64-byte sync block after the data.</summary>
    private const long Overhead = SharedArray.Alignment + SyncBlock.Length;

    [RootFact("mount a small tmpfs")]
    public void A_segment_that_does_not_fit_fails_at_create_saying_how_much_and_leaves_nothing()
    {
        using var tmpfs = SmallTmpfs.Mount("1m");
        var name = Segments.NewName("full");
        var options = new CreateOptions { Directory = tmpfs.Path };

        var e = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.Create<long>(name, [256 * 1024], fill: 1L, options));

        Assert.Equal(Overhead + 2 * Capacity, e.RequestedBytes);
        Assert.Equal(Capacity, e.AvailableBytes);
        Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.RequestedBytes.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains($"only {Capacity} bytes free", e.Message, StringComparison.Ordinal);
        Assert.Contains(tmpfs.Path, e.Message, StringComparison.Ordinal);
        // Nothing left behind: no name, no hidden file, no page still reserved.
        Assert.Empty(Segments.Entries(tmpfs.Path));
        Assert.Equal(Capacity, new DriveInfo(tmpfs.Path).AvailableFreeSpace);
        // And the space is all there for a segment that does fit.
        using (var fits = SharedArray.Create<long>(name, [(Capacity - Overhead) / 8], fill: 2L, options))
        {
            Assert.Equal(2L, fits[fits.Length - 1]);
        }
        SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path });
    }

    /// <summary>
    /// A peer fills a segment as large as the whole tmpfs, touching every byte, then asks for a second:
    /// without the reservation the second create would succeed and its fill would SIGBUS the peer.
    /// The shared-memory directory reaches the peer through SHAREDTYPED_SHM_DIR.
    /// </summary>
    [RootFact("mount a small tmpfs")]
    public void A_segment_that_fits_is_written_whole_without_sigbus()
    {
        using var tmpfs = SmallTmpfs.Mount("1m");
        var prefix = Segments.NewName("fill");
        var data = Capacity - Overhead;
        using var peer = PeerProcess.Start(
            new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = tmpfs.Path },
            "fill-until-full", prefix, data.ToString(CultureInfo.InvariantCulture));

        Assert.Equal($"first {data} {-data / 8}", peer.ReadLine());
        var second = peer.ReadLine();
        Assert.StartsWith($"second out-of-space {Capacity} 0 Shared array '{prefix}-b' needs {Capacity} bytes", second, StringComparison.Ordinal);
        Assert.Equal(0, peer.WaitForExit());
        Assert.Empty(Segments.Entries(tmpfs.Path));
    }

    /// <summary>
    /// tmpfs counts files apart from bytes (nr_inodes): with every inode used, the open of the hidden
    /// file fails with ENOSPC although bytes are free. That is the same "does not fit" as a full
    /// tmpfs, for Create and for Load, and says why; nothing is left behind and the inode is there
    /// again once a segment goes.
    /// </summary>
    [RootFact("mount a small tmpfs")]
    public void A_directory_out_of_inodes_fails_at_create_and_load_saying_so()
    {
        // The root directory takes one of the three inodes.
        using var tmpfs = SmallTmpfs.Mount("1m", "nr_inodes=3");
        var options = new CreateOptions { Directory = tmpfs.Path };
        var first = Segments.NewName("inode-a");
        var second = Segments.NewName("inode-b");
        var third = Segments.NewName("inode-c");
        var file = UniqueNames.NewTempPath("inode-file");
        using (var a = SharedArray.Create<long>(first, [16], fill: 1L, options))
        {
            a.Save(file);
        }
        try
        {
            using (SharedArray.Create<long>(second, [16], fill: 2L, options))
            {
            }
            var free = new DriveInfo(tmpfs.Path).AvailableFreeSpace;
            var expected = $"Shared array '{third}' needs {Overhead + 16 * 8} bytes but cannot have them in '{tmpfs.Path}': " +
                $"it can hold no more files: 0 of its 3 inodes are free ({free} bytes free there).";

            var created = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.Create<long>(third, [16], options));
            Assert.Equal(expected, created.Message);
            Assert.Equal(Overhead + 16 * 8, created.RequestedBytes);
            Assert.Equal(free, created.AvailableBytes);
            var loaded = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.Load<long>(file, third, new LoadOptions { Directory = tmpfs.Path }));
            Assert.Equal(expected, loaded.Message);
            Assert.Equal([first, second], Segments.Entries(tmpfs.Path));

            Assert.True(SharedArray.Delete(first, new DeleteOptions { Directory = tmpfs.Path }));
            using var fits = SharedArray.Load<long>(file, third, new LoadOptions { Directory = tmpfs.Path }).Array;
            Assert.Equal(1L, fits[15]);
        }
        finally
        {
            File.Delete(file);
            SharedArray.Delete(second, new DeleteOptions { Directory = tmpfs.Path });
            SharedArray.Delete(third, new DeleteOptions { Directory = tmpfs.Path });
        }
        Assert.Empty(Segments.Entries(tmpfs.Path));
    }
}
