namespace SharedTyped.Cli.Tests;

/// <summary>
/// The tool opens and writes files only through the library's guarded paths: a FIFO is refused at once, a save
/// replaces only a regular file and only with <c>--force</c>, and looking (<c>list</c>, <c>info</c>) removes nothing.
/// </summary>
public sealed class CliFileTests : IDisposable
{
    private readonly TempDirectory _shm = TempDirectory.InSharedMemory("cli-files-shm");
    private readonly TempDirectory _files = new("cli-files");

    public void Dispose()
    {
        _shm.Dispose();
        _files.Dispose();
    }

    private string NewSegment(string tag)
    {
        var name = Segments.NewName(tag);
        using var array = SharedArray.Create<int>(name, [2, 3], fill: 4, new CreateOptions { Directory = _shm.Path });
        return name;
    }

    private static void MkFifo(string path) => Assert.Equal(0, ChildProcess.Run("mkfifo", ["-m", "600", "--", path], timeout: TimeSpan.FromSeconds(30)).ExitCode);

    /// <summary>Before, the tool sniffed the file with a blocking open of its own and waited for a writer for ever.</summary>
    [Fact]
    public void Load_of_a_fifo_with_no_writer_fails_at_once_with_a_clear_error()
    {
        var fifo = _files.File("pipe.npy");
        MkFifo(fifo);
        var name = Segments.NewName("cli-fifo");
        var result = CliTool.Expect(3, "load", fifo, name, "--dir", _shm.Path);
        Assert.Equal($"sharedtyped: Cannot load shared array '{name}': '{fifo}' is not a regular file (a FIFO, socket or device); only a regular file can be loaded.\n",
            result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_shm.Path));
    }

    [Fact]
    public void Save_refuses_an_existing_file_without_force_and_replaces_it_with_force()
    {
        var name = NewSegment("cli-save-force");
        var path = _files.File("out.bin");
        File.WriteAllText(path, "keep me");
        var refused = CliTool.Expect(4, "save", name, path, "--dir", _shm.Path);
        Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{path}': a file is already there; pass --force to replace it.\n", refused.Error);
        Assert.Equal("keep me", File.ReadAllText(path));

        CliTool.Expect(0, "save", name, path, "--force", "--dir", _shm.Path);
        Assert.Equal(8 + 2 * 8 + 6 * 4, new FileInfo(path).Length);
        Assert.Equal(["out.bin"], Directory.EnumerateFileSystemEntries(_files.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_refuses_a_fifo_and_a_symbolic_link_even_with_force()
    {
        var name = NewSegment("cli-save-special");
        var fifo = _files.File("pipe.npy");
        MkFifo(fifo);
        var target = _files.File("target.bin");
        File.WriteAllText(target, "the link's target");
        var link = _files.File("link.bin");
        File.CreateSymbolicLink(link, target);
        foreach (var force in new[] { false, true })
        {
            string[] extra = force ? ["--force"] : [];
            var toFifo = CliTool.Expect(6, ["save", name, fifo, "--dir", _shm.Path, .. extra]);
            Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{fifo}': it is a FIFO, not a regular file; a save writes and replaces regular files only.\n",
                toFifo.Error);
            var toLink = CliTool.Expect(6, ["save", name, link, "--dir", _shm.Path, .. extra]);
            Assert.StartsWith($"sharedtyped: Cannot save shared array '{name}' to '{link}': it is a symbolic link", toLink.Error, StringComparison.Ordinal);
        }
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("the link's target", File.ReadAllText(target));
        Assert.Equal(["link.bin", "pipe.npy", "target.bin"], Directory.EnumerateFileSystemEntries(_files.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A segment a peer marked as a LastProcessOut one (chmod +t) that nobody holds looks like an orphan; before,
    /// <c>list</c> and <c>info</c> removed it, although looking removes nothing.
    /// </summary>
    [Fact]
    public void List_and_info_remove_nothing()
    {
        var name = NewSegment("cli-look");
        var path = Path.Combine(_shm.Path, name);
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.StickyBit);
        Assert.Contains(name, CliTool.Expect(0, "list", "--dir", _shm.Path).Output);
        Assert.True(File.Exists(path), "list removed a segment");
        Assert.Contains("int32", CliTool.Expect(0, "info", name, "--dir", _shm.Path).Output);
        Assert.True(File.Exists(path), "info removed a segment");
    }
}
