using System.Buffers.Binary;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// Segments written by hand into /dev/shm (on Windows, named mappings) with truncated, inconsistent or
/// hostile headers: every attach path throws SharedArrayFormatException naming the array, and nothing
/// stays mapped or open.
/// </summary>
public sealed class HostileSegmentTests : SegmentTest
{
    public static TheoryData<string> Cases { get; } = new(HostileHeaders.All.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_header_is_a_format_error_on_every_attach_path(string @case)
    {
        var (bytes, detail) = HostileHeaders.All[@case];
        var name = NewName(@case);
        Segments.WriteRaw(name, bytes);
        if (OperatingSystem.IsWindows() && (bytes.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(bytes) == 0))
        {
            // On Windows a mapping is named from its creation, and a header whose first word is 0 is
            // one its creator has not published yet (docs/guarantees.md, "Windows"): not there.
            Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<double>(name));
            Assert.False(SharedArray.TryAttachReadOnly<double>(name, out _));
            Assert.Throws<SharedArrayNotFoundException>(() => SharedMemory.Inspect(name));
            Assert.False(SharedArray.Exists(name));
            AssertNothingHeld(name, bytes);
            return;
        }
        var calls = new (string, Func<object?>)[]
        {
            ("Attach", () => SharedArray.Attach<double>(name)),
            ("Attach shape", () => SharedArray.Attach<double>(name, [10, 3])),
            ("TryAttach", () => SharedArray.TryAttach<double>(name, out _)),
            ("AttachReadOnly", () => SharedArray.AttachReadOnly<double>(name)),
            ("TryAttachReadOnly", () => SharedArray.TryAttachReadOnly<double>(name, out _)),
            ("Attach byte", () => SharedArray.Attach<byte>(name)),
            ("Inspect", () => SharedMemory.Inspect(name)),
            ("CreateOrAttach", () => SharedArray.CreateOrAttach<double>(name, [10, 3], out _)),
        };
        foreach (var (entry, call) in calls)
        {
            var e = Assert.Throws<SharedArrayFormatException>(call);
            Assert.True(e.Message.StartsWith($"Shared array '{name}' has an invalid header: ", StringComparison.Ordinal), $"{entry}: {e.Message}");
            Assert.True(e.Message.Contains(detail, StringComparison.Ordinal), $"{entry}: '{e.Message}' lacks '{detail}'");
            var requested = entry switch
            {
                "Inspect" => null,
                "Attach byte" => " (requested byte, any shape).",
                "Attach shape" or "CreateOrAttach" => " (requested double, shape (10, 3)).",
                _ => " (requested double, any shape).",
            };
            if (requested is not null)
            {
                Assert.True(e.Message.EndsWith(requested, StringComparison.Ordinal), $"{entry}: '{e.Message}' does not end with '{requested}'");
            }
            else
            {
                Assert.DoesNotContain("requested", e.Message, StringComparison.Ordinal);
            }
        }
        AssertNothingHeld(name, bytes);
    }

    /// <summary>
    /// The runtime kept no mapping or descriptor of the segment and left its bytes alone. Windows has no
    /// list of a process's mappings: there, once the test's own handle is closed the name must be gone,
    /// which it is not while the runtime still holds a handle to it.
    /// </summary>
    private static void AssertNothingHeld(string name, byte[] bytes)
    {
        Assert.Equal(bytes, Segments.ReadBytes(name));
        if (OperatingSystem.IsWindows())
        {
            Segments.Remove(name);
            Assert.False(Segments.FileExists(name), "the runtime still holds a handle to the mapping");
            return;
        }
        var path = Segments.PathOf(name);
        Assert.Empty(Maps.Of(path));
        Assert.Empty(Maps.DescriptorsOf(path));
    }

    [LinuxFact("reads or writes the segment as a file of /dev/shm, or /proc/self/maps")]
    public void A_symbolic_link_in_dev_shm_is_not_followed()
    {
        var target = NewName("target");
        var link = NewName("link");
        using var array = SharedArray.Create<int>(target, [1]);
        File.CreateSymbolicLink(Segments.PathOf(link), Segments.PathOf(target));
        var e = Assert.Throws<SharedArrayAccessException>(() => SharedArray.Attach<int>(link));
        Assert.Contains($"Shared array '{link}': '{Segments.PathOf(link)}' is a symbolic link, not a segment.", e.Message);
        Assert.Throws<SharedArrayAccessException>(() => SharedArray.AttachReadOnly<int>(link));
        Assert.Throws<SharedArrayAccessException>(() => SharedMemory.Inspect(link));
    }

    [LinuxFact("reads or writes the segment as a file of /dev/shm, or /proc/self/maps")]
    public void A_directory_in_dev_shm_is_not_a_segment()
    {
        var name = NewName("directory");
        var path = Segments.PathOf(name);
        Directory.CreateDirectory(path);
        try
        {
            var writable = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Attach<int>(name));
            Assert.Equal($"Shared array '{name}': '{path}' is a directory, not a segment (requested int, any shape).", writable.Message);
            var readOnly = Assert.Throws<SharedArrayFormatException>(() => SharedArray.AttachReadOnly<int>(name, [2]));
            Assert.Equal($"Shared array '{name}': '{path}' is not a regular file (requested int, shape (2,)).", readOnly.Message);
            Assert.Empty(Maps.DescriptorsOf(path));
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [Fact]
    public void A_valid_hand_written_segment_attaches()
    {
        // The control for the cases above: the same writer makes a segment the runtime accepts.
        var name = NewName();
        var bytes = HostileHeaders.Segment(10, [10, 3], 64 + 240);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(64 + 8 * 29), 6.5);
        Segments.WriteRaw(name, bytes);
        using var array = SharedArray.Attach<double>(name, [10, 3]);
        Assert.Equal(6.5, array[9, 2]);
    }
}

/// <summary>Hand-made segment images and the detail each one's error must state.</summary>
internal static class HostileHeaders
{
    public static Dictionary<string, (byte[] Bytes, string Detail)> All { get; } = new()
    {
        ["empty"] = ([], "the segment is 0 bytes, shorter than the 8-byte header prefix"),
        ["five bytes"] = ([0, 0, 0, 16, 10], "the segment is 5 bytes, shorter than the 8-byte header prefix"),
        ["H larger than ndim says"] = (Segment(10, [3], 88, headerLength: 24), "the header length is 24 but rank 1 needs 16"),
        ["H smaller than ndim says"] = (Segment(10, [3, 2], 112, headerLength: 16), "the header length is 16 but rank 2 needs 24"),
        ["H zero"] = (Segment(10, [], 72, headerLength: 0), "the header length is 0 but rank 0 needs 8"),
        ["H huge"] = (Segment(10, [1], 72, headerLength: uint.MaxValue), "the header length is 4294967295 but rank 1 needs 16"),
        ["unknown code 15"] = (Segment(15, [1], 72), "unknown dtype code 15"),
        ["unknown code 127"] = (Segment(127, [1], 72), "unknown dtype code 127"),
        ["unknown code 200"] = (Segment(200, [1], 72), "unknown dtype code 200"),
        ["rank 65"] = (Segment(10, new long[65], 8 + 8 * 65 + 64), "the header claims rank 65, more than the maximum of 64"),
        ["rank 2^24-1"] = (Rank(0xFFFFFF, 64), "the header claims rank 16777215"),
        ["header longer than segment"] = (Segment(10, [1, 1, 1, 1], 30), "the segment is 30 bytes, shorter than its 40-byte header"),
        ["data cut short"] = (Segment(10, [10, 3], 64 + 100), "the segment is 164 bytes but shape (10, 3) of float64 needs 304"),
        ["data offset beyond segment"] = (Segment(10, [0], 40), "the segment is 40 bytes but shape (0,) of float64 needs 64"),
        ["product overflows"] = (Segment(10, [1L << 62, 1L << 62], 64), "shape (4611686018427387904, 4611686018427387904) of float64 overflows a 64-bit size"),
        ["bytes overflow"] = (Segment(10, [1L << 61], 64), "shape (2305843009213693952,) of float64 overflows a 64-bit size"),
        ["dimension beyond int64"] = (Segment(10, [-1], 64), "dimension 0 is 18446744073709551615, beyond a signed 64-bit size"),
        ["extension without record"] = (Segment(128, [1], 128), "extension code 128 lacks its type record"),
        ["extension record cut"] = (Segment(128, [1], 20), "the segment ends before the type record of extension code 128"),
        ["struct size zero"] = (Extension(255, [1], 0, 128), "the struct element size 0 is out of range"),
        ["struct size huge"] = (Extension(255, [1], 1u << 31, 128), "the struct element size 2147483648 is out of range"),
        ["extension size wrong"] = (Extension(128, [1], 4, 128), "the type record says 4-byte elements, code 128 has 1"),
    };

    /// <summary>A segment of <paramref name="length"/> bytes starting with a docs/format.md header (H overridable), zeros after.</summary>
    public static byte[] Segment(byte code, long[] shape, int length, uint? headerLength = null)
    {
        var bytes = new byte[length];
        var header = ExpectedHeader.Bytes(code, shape);
        if (headerLength is { } h)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, h);
        }
        header.AsSpan(0, Math.Min(header.Length, length)).CopyTo(bytes);
        return bytes;
    }

    private static byte[] Rank(int rank, int length)
    {
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(8 + 8 * rank));
        bytes[4] = 10;
        bytes[5] = (byte)(rank >> 16);
        bytes[6] = (byte)(rank >> 8);
        bytes[7] = (byte)rank;
        return bytes;
    }

    private static byte[] Extension(byte code, long[] shape, uint itemSize, int length)
    {
        var bytes = Segment(code, shape, length);
        var record = bytes.AsSpan(8 + 8 * shape.Length);
        "STX1"u8.CopyTo(record);
        BinaryPrimitives.WriteUInt32BigEndian(record[4..], itemSize);
        return bytes;
    }
}
