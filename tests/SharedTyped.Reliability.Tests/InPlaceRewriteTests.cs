using System.Runtime.InteropServices;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A process maps a segment; a peer of the same user grows the file and rewrites the header in place
/// (another element type, another shape, or only another header of the same size). Attaching to the
/// name again must give an array whose layout and mapping belong together: the old mapping is shared
/// only while it matches the segment's size and header bytes. The victim is a real second process,
/// so that an access outside its mapping kills it rather than the test run.
/// </summary>
public sealed class InPlaceRewriteTests
{
    [LinuxFact("grows the segment's file in place; a Windows mapping keeps the size it was created with")]
    public void A_reattach_after_the_file_grew_and_its_header_changed_reads_the_new_array_whole()
    {
        var name = Segments.NewName("rewrite");
        using var cleanup = new Cleanup(name);
        using (SharedArray.Create<int>(name, [16], fill: 1)) { }
        using var victim = PeerProcess.Start("reattach", name);
        Assert.Equal("mapped 16", victim.ReadLine());

        // Another element type and 4096 times the bytes: the victim's old mapping is 128 bytes.
        Rewrite(name, [1 << 16], 5L);
        victim.Send("long");
        Assert.Equal($"long {1 << 16} sum {5L << 16} last 5", victim.ReadLine());

        // The same element type, another shape: the shape check and the length are the new header's.
        Rewrite(name, [1 << 17], 3L);
        victim.Send($"long-shape {1 << 17}");
        Assert.Equal($"long {1 << 17} sum {3L << 17} last 3", victim.ReadLine());
        victim.Send("readonly-long");
        Assert.Equal($"long {1 << 17} sum {3L << 17} last 3", victim.ReadLine());

        victim.Send("exit");
        Assert.Equal(0, victim.WaitForExit());
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_header_rewritten_without_changing_the_size_is_not_paired_with_the_old_layout()
    {
        var name = Segments.NewName("rewrite-same-size");
        using var cleanup = new Cleanup(name);
        using var first = SharedArray.Create<int>(name, [16], fill: 1);
        var size = new FileInfo(Segments.PathOf(name)).Length;

        // 16 ints and 8 longs are the same 64 bytes: only the header bytes tell the layouts apart.
        Rewrite(name, [8], 9L);
        Assert.Equal(size, new FileInfo(Segments.PathOf(name)).Length);
        using var second = SharedArray.Attach<long>(name);
        Assert.Equal([8L], second.Shape.ToArray());
        Assert.Equal(8, second.Length);
        Assert.Equal(9L * 8, Sum(second.AsSpan()));
        // The first array keeps the layout it was validated with, over its own mapping.
        Assert.Equal(16, first.Length);
        // Both mappings are live mappings of this process, the one no longer shared included.
        Assert.True(SharedArray.IsShared<int>(first.AsSpan()));
        Assert.True(SharedArray.IsShared<long>(second.AsSpan()));
        Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<int>(name));
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void An_unchanged_segment_is_shared_not_mapped_again()
    {
        var name = Segments.NewName("rewrite-share");
        using var cleanup = new Cleanup(name);
        using var first = SharedArray.Create<long>(name, [512], fill: 2L);
        var inode = Native.Inode(Segments.PathOf(name));
        using var second = SharedArray.Attach<long>(name);
        using var third = SharedArray.Attach<long>(name, [512]);
        Assert.Equal(1, ProcSelf.MappingsOfInode(inode));
        second[7] = 11;
        Assert.Equal(11, first[7]);
    }

    /// <summary>What a same-user peer can do to a segment: resize the file and write a new header and data over the old, on the same inode.</summary>
    private static void Rewrite(string name, long[] shape, long value)
    {
        var layout = SegmentLayout.For<long>(name, shape);
        using var file = new FileStream(Segments.PathOf(name), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (file.Length < layout.TotalBytes)
        {
            file.SetLength(layout.TotalBytes);
        }
        file.Position = 0;
        file.Write(layout.FileHeader());
        file.Position = layout.DataOffset;
        var data = new long[layout.ElementCount];
        Array.Fill(data, value);
        file.Write(MemoryMarshal.AsBytes(data.AsSpan()));
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
