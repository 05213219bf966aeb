using System.Diagnostics;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// A tmpfs of this run, mounted with one <c>huge=</c> policy, so that 4 KiB and huge pages are compared on
/// the same kind of file system in the same run whatever <c>/dev/shm</c> is mounted with. Needs root.
/// </summary>
internal sealed class PrivateTmpfs : IDisposable
{
    private const string MountPrefix = "st-bench-";

    private PrivateTmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Whether this process may mount (root); without it the huge-page benchmarks are reported as not measured.</summary>
    public static bool CanMount => Environment.IsPrivilegedProcess;

    /// <summary>A fresh tmpfs with <c>huge=<paramref name="policy"/></c>, big enough for <paramref name="bytes"/> of segments.</summary>
    public static PrivateTmpfs Mount(string policy, long bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{MountPrefix}{Scratch.RunId}-tmpfs-{policy}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var megabytes = bytes / (1 << 20) + 64;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,huge={policy}", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"cannot mount a tmpfs with huge={policy} at '{path}': {output.Trim()}");
        }
        return new PrivateTmpfs(path);
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path);
    }

    /// <summary>Unmounts what a crashed benchmark process of run <paramref name="runId"/> left mounted; returns the mount points.</summary>
    public static IReadOnlyList<string> Sweep(string runId)
    {
        var prefix = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{MountPrefix}{runId}-tmpfs-");
        var left = File.ReadAllLines("/proc/mounts").Select(line => line.Split(' ')[1]).Where(point => point.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var point in left)
        {
            Run("umount", point);
            Directory.Delete(point, recursive: true);
        }
        return left;
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
