using System.Diagnostics;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A tmpfs of a few pages, mounted for one test so that "/dev/shm is full" can be made true without
/// filling the real one. Needs root (CI runs as root); elsewhere the test is skipped by returning,
/// except under CI=true, where not being able to mount is a failure.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>The mounted tmpfs, or null when the test should return (not root, not CI).</summary>
    public static SmallTmpfs? MountOrSkip(string size)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Shm.NewName("tmpfs"));
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=1777", "tmpfs", path);
        if (code == 0)
        {
            return new SmallTmpfs(path);
        }
        Directory.Delete(path);
        var why = $"Cannot mount a {size} tmpfs at '{path}' (mount exited {code}: {output.Trim()}); this test needs root.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(why + " CI=true, so this is a failure, not a skip.");
        }
        Console.Error.WriteLine("SKIPPED: " + why);
        return null;
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
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
