namespace SharedTyped.Reliability.Tests;

/// <summary>
/// numpy and cdxcore size a segment with <c>ftruncate</c>: it is sparse, and its pages are allocated
/// on first touch, which on a full tmpfs is SIGBUS, even for a reader. Attach reserves such a
/// segment whenever it may write the file (a read-only attach included), so a segment that does not
/// fit is an exception at attach. A segment too large for the address space is an exception too.
/// </summary>
public sealed class SparseSegmentTests
{
    [RootFact("mounts a small tmpfs")]
    public void A_sparse_segment_larger_than_the_free_space_is_refused_at_attach_not_sigbus_later()
    {
        using var tmpfs = SmallTmpfs.Mount("1m");
        var name = Segments.NewName("sparse-big");
        var layout = MakeSparse(tmpfs.Path, name, 1 << 18); // 2 MiB of data on a 1 MiB tmpfs

        var writable = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.Attach<long>(name, new AttachOptions { Directory = tmpfs.Path }));
        Assert.Contains($"'{name}'", writable.Message, StringComparison.Ordinal);
        Assert.Equal(layout.TotalBytes, writable.RequestedBytes);
        Assert.InRange(writable.AvailableBytes, 0, 1 << 20);
        var readOnly = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.AttachReadOnly<long>(name, new AttachOptions { Directory = tmpfs.Path }));
        Assert.Contains("sparse", readOnly.Message, StringComparison.Ordinal);
        // Refused, not removed: the segment is another process's.
        Assert.True(File.Exists(Path.Combine(tmpfs.Path, name)));
        File.Delete(Path.Combine(tmpfs.Path, name));
    }

    [RootFact("mounts a small tmpfs")]
    public void A_sparse_segment_that_fits_is_reserved_by_a_read_only_attach()
    {
        using var tmpfs = SmallTmpfs.Mount("1m");
        var name = Segments.NewName("sparse-fits");
        MakeSparse(tmpfs.Path, name, 1 << 15); // 256 KiB
        var freeBefore = new DriveInfo(tmpfs.Path).AvailableFreeSpace;
        using (var array = SharedArray.AttachReadOnly<long>(name, new AttachOptions { Directory = tmpfs.Path }))
        {
            Assert.True(array.IsReserved);
            Assert.True(new DriveInfo(tmpfs.Path).AvailableFreeSpace <= freeBefore - (1 << 18), "a read-only attach did not reserve the sparse segment's pages");
            Assert.Equal(0L, array[(1 << 15) - 1]);
        }
        File.Delete(Path.Combine(tmpfs.Path, name));
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_segment_too_large_to_map_is_a_clear_exception_naming_its_size()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("sparse-huge");
        var name = Segments.NewName("sparse-huge");
        // 2^47 bytes of data: more than the whole user address space of x86-64 and arm64 (47 or 48 bits).
        var layout = MakeSparse(directory, name, 1L << 45);
        foreach (var attach in new Action[]
                 {
                     () => SharedArray.Attach<long>(name, new AttachOptions { Directory = directory }).Dispose(),
                     () => SharedArray.AttachReadOnly<long>(name, new AttachOptions { Directory = directory }).Dispose(),
                 })
        {
            var e = Assert.Throws<SharedArrayOutOfSpaceException>(attach);
            Assert.Contains($"'{name}'", e.Message, StringComparison.Ordinal);
            Assert.Contains($"{layout.TotalBytes} bytes", e.Message, StringComparison.Ordinal);
            Assert.Contains("cannot map", e.Message, StringComparison.Ordinal);
            Assert.Equal(layout.TotalBytes, e.RequestedBytes);
        }
    }

    /// <summary>A valid segment of <paramref name="elements"/> longs made the way numpy makes one: the header written, the size set with ftruncate.</summary>
    private static SegmentLayout MakeSparse(string directory, string name, long elements)
    {
        var layout = SegmentLayout.For<long>(name, [elements]);
        using var file = new FileStream(Path.Combine(directory, name), FileMode.CreateNew, FileAccess.ReadWrite);
        file.Write(layout.FileHeader());
        file.SetLength(layout.TotalBytes);
        return layout;
    }
}
