
namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A tmpfs of a few pages, mounted for one test so that "/dev/shm is full" can be made true without
/// filling the real one. Needs root (see <see cref="RootFactAttribute"/>): as root, a mount that fails
/// fails the test, whatever CI says.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>The mounted tmpfs (<paramref name="options"/> are added to size and mode, e.g. <c>nr_inodes=4</c>); fails the test if it cannot be mounted.</summary>
    public static SmallTmpfs Mount(string size, string? options = null)
    {
        RootFactAttribute.RequireRoot($"mount a {size} tmpfs");
        var path = UniqueNames.NewTempPath("tmpfs");
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=1777{(options is null ? "" : "," + options)}", "tmpfs", path);
        if (code == 0)
        {
            return new SmallTmpfs(path);
        }
        Directory.Delete(path);
        Assert.Fail($"Cannot mount a {size} tmpfs at '{path}' as root (mount exited {code}: {output.Trim()}): " +
            "the guarantee cannot be checked, so this is a failure, not a skip.");
        return null!;
    }

    public void Dispose()
    {
        var (code, output) = Run("umount", Path);
        if (code != 0)
        {
            throw new IOException($"Cannot unmount '{Path}': {output}");
        }
        Directory.Delete(Path);
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        try
        {
            var result = ChildProcess.Run(program, arguments);
            return (result.ExitCode, result.Output + result.Error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
