namespace SharedTyped.Reliability.Tests;

/// <summary>
/// <c>Save</c> and <c>SaveNpy</c> write through one path: only a regular file is ever replaced, only when asked, and
/// atomically; a FIFO, a device node, a symbolic link or a directory at the path is refused and left as it was.
/// </summary>
public sealed class SaveTargetTests : IDisposable
{
    private readonly TempDirectory _scratch = new("save");
    private readonly string _name = Segments.NewName("save-target");
    private readonly SharedArray<long> _array;

    public SaveTargetTests() => _array = SharedArray.Create<long>(_name, [3, 2], fill: 7L);

    public void Dispose()
    {
        _array.Dispose();
        SharedArray.Delete(_name);
        _scratch.Dispose();
    }

    public static TheoryData<string> Formats => ["to_file", "npy"];

    private void Save(string path, string format, SaveOptions? options = null)
    {
        // Bounded: a save that opened a FIFO for writing would wait for a reader for ever.
        var save = Task.Run(() =>
        {
            if (format == "npy")
            {
                _array.SaveNpy(path, options);
            }
            else
            {
                _array.Save(path, options);
            }
        });
        Assert.True(((IAsyncResult)save).AsyncWaitHandle.WaitOne(PeerProcess.Patience), $"Save to '{path}' blocked");
        save.GetAwaiter().GetResult();
    }

    /// <summary>Only the entries the test made itself: no temporary file is left beside the target.</summary>
    private string[] Entries() => [.. _scratch.Entries()];

    [LinuxTheory("save targets: hard links, renameat2, device nodes and /dev/shm")]
    [MemberData(nameof(Formats))]
    public void An_existing_file_is_refused_unless_overwrite_is_asked(string format)
    {
        var path = _scratch.File("existing");
        File.WriteAllText(path, "keep me");
        var e = Assert.Throws<SharedArrayFileExistsException>(() => Save(path, format));
        Assert.Equal($"Cannot save shared array '{_name}' to '{path}': a file is already there; set SaveOptions.Overwrite to replace it.", e.Message);
        Assert.Equal(path, e.Path);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Equal(["existing"], Entries());

        Save(path, format, new SaveOptions { Overwrite = true });
        Assert.NotEqual("keep me", File.ReadAllText(path));
        Assert.Equal(["existing"], Entries());
        using var loaded = format == "npy" ? NpyFile.Load<long>(path, _name + "-back").Array : SharedArray.Load<long>(path, _name + "-back").Array;
        try
        {
            Assert.Equal([7L, 7, 7, 7, 7, 7], loaded.AsSpan().ToArray());
        }
        finally
        {
            SharedArray.Delete(_name + "-back");
        }
    }

    [LinuxTheory("save targets: hard links, renameat2, device nodes and /dev/shm")]
    [MemberData(nameof(Formats))]
    public void A_fifo_is_refused_at_once_and_stays_a_fifo(string format)
    {
        var path = _scratch.File("fifo");
        Assert.Equal(0, Native.MkFifo(path, 0x180));
        foreach (var options in new[] { SaveOptions.Default, new SaveOptions { Overwrite = true } })
        {
            var e = Assert.Throws<IOException>(() => Save(path, format, options));
            Assert.Equal($"Cannot save shared array '{_name}' to '{path}': it is a FIFO, not a regular file; a save writes and replaces regular files only.", e.Message);
            Assert.True(IsFifo(path), "the FIFO was replaced");
        }
        Assert.Equal(["fifo"], Entries());
    }

    [LinuxTheory("save targets: hard links, renameat2, device nodes and /dev/shm")]
    [MemberData(nameof(Formats))]
    public void A_symbolic_link_is_never_replaced_nor_written_through(string format)
    {
        var target = _scratch.File("target");
        File.WriteAllText(target, "the link's target");
        var link = _scratch.File("link");
        File.CreateSymbolicLink(link, target);
        foreach (var options in new[] { SaveOptions.Default, new SaveOptions { Overwrite = true } })
        {
            var e = Assert.Throws<IOException>(() => Save(link, format, options));
            Assert.StartsWith($"Cannot save shared array '{_name}' to '{link}': it is a symbolic link", e.Message, StringComparison.Ordinal);
            Assert.Equal(target, new FileInfo(link).LinkTarget);
            Assert.Equal("the link's target", File.ReadAllText(target));
        }
        Assert.Equal(["link", "target"], Entries());
    }

    [LinuxTheory("save targets: hard links, renameat2, device nodes and /dev/shm")]
    [MemberData(nameof(Formats))]
    public void A_directory_is_refused(string format)
    {
        var path = _scratch.File("sub");
        Directory.CreateDirectory(path);
        var e = Assert.Throws<IOException>(() => Save(path, format, new SaveOptions { Overwrite = true }));
        Assert.Equal($"Cannot save shared array '{_name}' to '{path}': it is a directory.", e.Message);
        Assert.Equal(["sub"], Entries());
    }

    /// <summary>A character device made like /dev/null (1, 3) and /dev/full (1, 7): before, a save turned /dev/full into a file.</summary>
    [RootFact("makes device nodes (mknod)")]
    public void A_device_node_is_refused_and_stays_a_device()
    {
        RootFactAttribute.RequireRoot("mknod");
        foreach (var (node, minor) in new[] { ("null", 3UL), ("full", 7UL) })
        {
            var path = _scratch.File(node);
            Assert.Equal(0, Native.MkNod(path, 0x2000 | 0x1B6, (1UL << 8) | minor));
            foreach (var format in new[] { "to_file", "npy" })
            {
                foreach (var options in new[] { SaveOptions.Default, new SaveOptions { Overwrite = true } })
                {
                    var e = Assert.Throws<IOException>(() => Save(path, format, options));
                    Assert.Equal($"Cannot save shared array '{_name}' to '{path}': it is a character device, not a regular file; a save writes and replaces regular files only.", e.Message);
                    Assert.True(IsCharacterDevice(path), $"{path} is no longer a device");
                }
            }
        }
        Assert.Equal(["full", "null"], Entries());
    }

    [LinuxFact("save targets: hard links, renameat2, device nodes and /dev/shm")]
    public void A_failed_save_leaves_no_temporary_file()
    {
        // A time unit on a long array is refused before anything is written; a save that cannot be placed
        // (the name taken meanwhile) removes its temporary file.
        var path = _scratch.File("taken");
        File.WriteAllText(path, "x");
        Assert.Throws<SharedArrayFileExistsException>(() => Save(path, "npy"));
        Assert.Throws<ArgumentException>(() => _array.SaveNpy(_scratch.File("unit.npy"), new SaveOptions { TimeUnit = "ns" }));
        Assert.Equal(["taken"], Entries());
    }

    private static bool IsFifo(string path) => FileType(path) == 0x1000;

    private static bool IsCharacterDevice(string path) => FileType(path) == 0x2000;

    /// <summary>The file type bits of <paramref name="path"/>, not following a link, as stat(1) reports them.</summary>
    private static uint FileType(string path)
    {
        var stat = ChildProcess.Run("stat", ["-c", "%f", "--", path]);
        Assert.True(stat.ExitCode == 0, stat.ToString());
        return Convert.ToUInt32(stat.Output.Trim(), 16) & 0xF000;
    }
}
