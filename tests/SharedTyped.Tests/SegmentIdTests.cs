using System.Globalization;
using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// A segment's public identity (<see cref="SharedArray{T}.SegmentId"/>): what tells a segment from the one that
/// replaced it under the same name, even at the same version (docs/guarantees.md, "Segment identity").
/// </summary>
public sealed class SegmentIdTests : SegmentTest
{
    [LinuxFact("reads the segment's file in /dev/shm and its inode with stat")]
    public void A_segment_id_is_the_files_device_and_inode_and_the_nonce_its_creator_wrote()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [10, 3]);
        var stat = ChildProcess.Run("stat", ["-c", "%Hd %Ld %i", Segments.PathOf(name)]);
        Assert.True(stat.ExitCode == 0, stat.ToString());
        var fields = stat.Output.Split(' ', StringSplitOptions.TrimEntries).Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var bytes = Segments.ReadBytes(name);
        var nonce = BitConverter.ToUInt64(bytes, 320 + 40);   // the sync block at 320 (docs/format.md's worked example), its nonce at 40
        Assert.NotEqual(0UL, nonce);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{fields[0] << 32 | fields[1]:x}:{fields[2]:x}-{nonce:x16}"), array.SegmentId);
        using var attached = SharedArray.AttachReadOnly<double>(name);
        Assert.Equal(array.SegmentId, attached.SegmentId);
        Assert.Equal(array.SegmentId, SharedMemory.Inspect(name).SegmentId);
    }

    [Fact]
    public void A_segment_replaced_at_the_same_version_has_another_id_and_the_old_arrays_keep_theirs()
    {
        var name = NewName();
        using var first = SharedArray.Create<int>(name, [4], 5);
        var firstId = first.SegmentId;
        if (OperatingSystem.IsWindows())
        {
            // Force cannot replace a held name there: the name is free again once its last holder closes,
            // and the segment made under it then is another one.
            first.Dispose();
            using var next = SharedArray.Create<int>(name, [4], 9);
            Assert.Equal(0L, next.Version);
            Assert.NotEqual(firstId, next.SegmentId);
            Assert.Equal(next.SegmentId, SharedMemory.Inspect(name).SegmentId);
            return;
        }
        using var second = SharedArray.Create<int>(name, [4], 9, new CreateOptions { Force = true });
        Assert.Equal((0L, 0L), (first.Version, second.Version));
        Assert.NotEqual(firstId, second.SegmentId);
        Assert.Equal(firstId, first.SegmentId);
        Assert.Equal(second.SegmentId, SharedMemory.Inspect(name).SegmentId);
        using var attached = SharedArray.Attach<int>(name);
        Assert.Equal(second.SegmentId, attached.SegmentId);
    }

    [LinuxFact("writes a segment as numpy does into /dev/shm")]
    public void A_segment_numpy_made_has_the_inode_part_alone()
    {
        var name = NewName();
        Segments.WriteRaw(name, CdxcoreBytes.Segment<int>([4], new int[4]));
        using var array = SharedArray.AttachReadOnly<int>(name);
        Assert.Matches("^[0-9a-f]+:[0-9a-f]+$", array.SegmentId);
        Assert.Equal(array.SegmentId, SharedMemory.Inspect(name).SegmentId);
    }
}
