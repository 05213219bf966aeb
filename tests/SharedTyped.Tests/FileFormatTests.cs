using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>Save and Load of cdxcore's <c>to_file</c> format: the header without padding, then the elements.</summary>
public sealed class FileFormatTests : SegmentTest
{
    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public void Save_writes_the_header_then_the_data_and_Load_reads_it_back(string kind) =>
        Kinds.Run(kind, new SaveAndLoad(NewName(kind), NewName(kind + " loaded"), NewFile()));

    [Theory]
    [InlineData("scalar")]
    [InlineData("0")]
    [InlineData("4x0x2")]
    [InlineData("2x1x3x1x2")]
    [InlineData("1000x1000")]
    public void Every_rank_and_size_round_trips(string shape)
    {
        var dims = ShapeText.Parse(shape);
        ElementKind.Float64.Accept(new SaveAndLoad(NewName(shape), NewName(shape + " loaded"), NewFile(), dims));
    }

    [Fact]
    public void Load_attaches_to_an_existing_matching_segment_by_default()
    {
        var file = SaveDoubles(NewName(), [2, 2], 1.0);
        var name = NewName();
        using var existing = SharedArray.Create(name, [2, 2], 9.0);
        var (loaded, attached) = SharedArray.Load<double>(file, name);
        using (loaded)
        {
            Assert.True(attached);
            Assert.Equal(9.0, loaded[1, 1]);
        }
        var result = SharedArray.Load<double>(file, name, [2, 2]);
        using (result.Array)
        {
            Assert.True(result.Attached);
        }
    }

    [Fact]
    public void Load_without_AcceptExisting_refuses_an_existing_name()
    {
        var file = SaveDoubles(NewName(), [2, 2], 1.0);
        var name = NewName();
        using var existing = SharedArray.Create(name, [2, 2], 9.0);
        var e = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Load<double>(file, name, new LoadOptions { AcceptExisting = false }));
        Assert.Contains($"Shared array '{name}' already exists", e.Message);
        Assert.Equal(9.0, existing[0, 0]);
    }

    [Fact]
    public void Load_refuses_an_existing_segment_of_another_shape_or_type()
    {
        var file = SaveDoubles(NewName(), [2, 2], 1.0);
        var name = NewName();
        using (SharedArray.Create<double>(name, [4]))
        {
            var e = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Load<double>(file, name));
            Assert.Equal($"Shared array '{name}' of double has shape (4,), expected (2, 2).", e.Message);
        }
        SharedArray.Delete(name);
        using (SharedArray.Create<long>(name, [2, 2]))
        {
            var e = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Load<long>(file, name));
            Assert.Equal($"Shared array '{name}' has element type float64 and shape (2, 2); expected long (int64).", e.Message);
        }
    }

    [Fact]
    public void Load_checks_the_expected_shape_before_creating_anything()
    {
        var file = SaveDoubles(NewName(), [2, 3], 1.0);
        var name = NewName();
        var e = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Load<double>(file, name, [3, 2]));
        Assert.Equal($"Shared array '{name}' of double has shape (2, 3), expected (3, 2).", e.Message);
        Assert.False(SharedArray.Exists(name));
        var (array, attached) = SharedArray.Load<double>(file, name, [-1, 3]);
        using (array)
        {
            Assert.False(attached);
            Assert.Equal(1.0, array[1, 2]);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(1)]
    [InlineData(48)]
    public void A_truncated_file_is_a_format_error_and_leaves_no_segment(int cut)
    {
        var file = SaveDoubles(NewName(), [10, 3], 2.0);
        var length = new FileInfo(file).Length;
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..(int)(length - cut)]);
        var name = NewName();
        var before = Segments.Snapshot();
        var e = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Load<double>(file, name));
        Assert.Equal($"File '{file}' (for shared array '{name}') has an invalid header: the file is {length - cut} bytes but shape (10, 3) of float64 needs {length}.", e.Message);
        Assert.False(SharedArray.Exists(name));
        Assert.Equal(before, Segments.Snapshot());
    }

    private static readonly Dictionary<string, (byte[] Bytes, string Detail)> CorruptFileImages = new()
    {
        ["empty"] = ([], "the file is 0 bytes, shorter than the 8-byte header prefix"),
        ["five bytes"] = ([0, 0, 0, 16, 10], "the file is 5 bytes, shorter than the 8-byte header prefix"),
        ["header cut"] = (HostileHeaders.Segment(10, [3, 3], 20), "the file is 20 bytes, shorter than its 24-byte header"),
        ["H disagrees with ndim"] = (HostileHeaders.Segment(10, [3], 40, headerLength: 24), "the header length is 24 but rank 1 needs 16"),
        ["unknown code"] = (HostileHeaders.Segment(99, [1], 24), "unknown dtype code 99"),
        ["product overflows"] = (HostileHeaders.Segment(10, [1L << 40, 1L << 40], 24), "overflows a 64-bit size"),
        ["data missing"] = (HostileHeaders.Segment(10, [2], 16), "the file is 16 bytes but shape (2,) of float64 needs 32"),
    };

    public static TheoryData<string> CorruptFiles { get; } = new(CorruptFileImages.Keys);

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_is_a_format_error_and_leaves_no_segment(string @case)
    {
        var (bytes, detail) = CorruptFileImages[@case];
        var file = NewFile();
        File.WriteAllBytes(file, bytes);
        var name = NewName(@case);
        var e = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Load<double>(file, name));
        Assert.StartsWith($"File '{file}' (for shared array '{name}') has an invalid header: ", e.Message);
        Assert.Contains(detail, e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void A_missing_file_names_the_file_and_the_array()
    {
        var file = NewFile();
        var name = NewName();
        var e = Assert.Throws<FileNotFoundException>(() => SharedArray.Load<int>(file, name));
        Assert.Equal($"Cannot load shared array '{name}': file '{file}' does not exist.", e.Message);
        Assert.Equal(file, e.FileName);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void Save_replaces_an_existing_file_only_when_asked_and_leaves_no_temporary_file()
    {
        using var scratch = new TempDirectory("save");
        var directory = scratch.Path;
        var file = Path.Combine(directory, "array.bin");
        File.WriteAllText(file, "old content that is longer than the new file will be, by a good margin....................");
        using var array = SharedArray.Create(NewName(), [2], 1.5);
        Assert.Throws<SharedArrayFileExistsException>(() => array.Save(file));
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(directory).Select(Path.GetFileName));
        array.Save(file, new SaveOptions { Overwrite = true });
        Assert.Equal(16 + 16, new FileInfo(file).Length);
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(directory).Select(Path.GetFileName));
        var missing = Path.Combine(directory, "no-such-directory", "array.bin");
        Assert.Throws<DirectoryNotFoundException>(() => array.Save(missing));
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_onto_a_directory_fails_and_leaves_no_temporary_file()
    {
        using var scratch = new TempDirectory("save");
        var directory = scratch.Path;
        var target = Directory.CreateDirectory(Path.Combine(directory, "taken")).FullName;
        using var array = SharedArray.Create(NewName(), [2], 1.5);
        Assert.ThrowsAny<IOException>(() => array.Save(target));
        Assert.Empty(Directory.GetFiles(directory));
    }

    [Fact]
    public void A_read_only_view_saves_too()
    {
        var name = NewName();
        var file = NewFile();
        using var array = SharedArray.Create<short>(name, [3], [1, -2, 3]);
        using var view = SharedArray.AttachReadOnly<short>(name);
        view.Save(file);
        Assert.Equal([0, 0, 0, 16, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0xFE, 0xFF, 3, 0], File.ReadAllBytes(file));
    }

    [LinuxFact("reads /dev/shm or /proc, or names the segment's file")]
    public void Load_options_set_lifetime_and_permissions()
    {
        var file = SaveDoubles(NewName(), [2], 1.0);
        var name = NewName();
        var (array, attached) = SharedArray.Load<double>(file, name, new LoadOptions { Lifetime = SegmentLifetime.DeleteOnDispose, Permissions = SegmentPermissions.Group });
        Assert.False(attached);
        Assert.Equal(0x1B0, SharedMemory.Inspect(name).Mode);
        array.Dispose();
        Assert.False(SharedArray.Exists(name));
    }

    private string SaveDoubles(string name, long[] shape, double fill)
    {
        var file = NewFile();
        using var array = SharedArray.Create(name, shape, fill);
        array.Save(file);
        return file;
    }

    private sealed class SaveAndLoad(string name, string loadedName, string file, long[]? shape = null) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            var dims = shape ?? [3, 5];
            var count = dims.Aggregate(1L, (a, b) => a * b);
            var values = kind.Values(count);
            // Held to the end: Windows frees a segment with its last handle.
            using var array = SharedArray.Create<T>(name, dims, values);
            array.Save(file);
            var bytes = File.ReadAllBytes(file);
            var header = ExpectedHeader.Bytes((byte)kind.Code, dims);
            Assert.Equal(header, bytes[..header.Length]);
            var dataStart = header.Length;
            if ((byte)kind.Code >= 128)
            {
                Assert.Equal("STX1"u8.ToArray(), bytes[header.Length..(header.Length + 4)]);
                Assert.Equal((uint)kind.Size, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(header.Length + 4)));
                dataStart += 16;
            }
            var data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            Assert.Equal(dataStart + data.Length, bytes.Length);
            Assert.True(data.AsSpan().SequenceEqual(bytes.AsSpan(dataStart)));

            var (loaded, attached) = SharedArray.Load<T>(file, loadedName);
            using (loaded)
            {
                Assert.False(attached);
                Assert.Equal(dims, loaded.Shape.ToArray());
                Assert.Equal(-1, kind.FirstMismatch(loaded.AsSpan()));
                // The loaded segment is laid out exactly as a created one, but for the nonce each segment draws
                // (docs/format.md); on Windows up to the sync block, which holds each segment's own id there.
                var (created, made) = (Segments.ReadBytesWithoutNonce(name), Segments.ReadBytesWithoutNonce(loadedName));
                Assert.Equal(created.Length, made.Length);
                var end = OperatingSystem.IsWindows() ? (int)SharedMemory.Inspect(name).DataOffset + data.Length : created.Length;
                Assert.True(created.AsSpan(0, end).SequenceEqual(made.AsSpan(0, end)));
                Assert.NotEqual(SharedMemory.Inspect(name).SegmentId, loaded.SegmentId);
            }
            Assert.Equal(Segments.PersistentOutlivesHandles, SharedArray.Exists(loadedName));
            return true;
        }
    }
}
