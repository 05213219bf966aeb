using System.Diagnostics;
using System.Globalization;

namespace SharedTyped;

/// <summary>
/// A process killed with SIGKILL runs no code, so the death of the last holder of a
/// <see cref="SegmentLifetime.LastProcessOut"/> segment must be noticed from outside: a small shell
/// process waits for an exclusive flock (granted once every holder's shared lock is gone, by close or
/// by death) and removes the name if it still names the same inode. It holds no lock while it waits,
/// so it never counts as a holder, and it exits as soon as it has looked.
/// </summary>
internal static class LastProcessOutWatcher
{
    /// <summary>
    /// Ignores the terminal's signals so that a Ctrl+C aimed at the creator's process group does not
    /// take the watcher with it while other holders live. Tools come as absolute paths, so the
    /// caller's PATH cannot break the watcher after it started.
    /// </summary>
    private const string Script =
        "trap '' INT QUIT HUP; exec 9<\"$1\" || exit 0; exec </dev/null >/dev/null 2>&1; " +
        "\"$3\" -x 9 || exit 0; [ \"$(\"$4\" -c %i -- \"$1\")\" = \"$2\" ] && \"$5\" -f -- \"$1\"; exit 0";

    /// <summary>The name that tells a watcher apart in <c>ps</c> (it is the shell's <c>$0</c>).</summary>
    public const string ProcessTitle = "sharedtyped-watcher";

    private static readonly Lazy<Tools?> Found = new(FindTools);

    /// <summary>Throws before anything is created when the watcher could not run, rather than losing the SIGKILL guarantee silently.</summary>
    public static void EnsureAvailable(string name)
    {
        if (Found.Value is null)
        {
            throw new PlatformNotSupportedException(
                $"Shared array '{name}': SegmentLifetime.LastProcessOut needs /bin/sh and the flock, stat and rm commands " +
                "(util-linux and coreutils), and they were not all found in PATH, /usr/bin or /bin.");
        }
    }

    /// <summary>Starts the watcher of the segment now named <paramref name="path"/> with inode <paramref name="inode"/>.</summary>
    public static void Start(string path, ulong inode)
    {
        var tools = Found.Value ?? throw new PlatformNotSupportedException("The LastProcessOut watcher's tools are missing.");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(ProcessTitle);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(inode.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(tools.Flock);
        start.ArgumentList.Add(tools.Stat);
        start.ArgumentList.Add(tools.Rm);
        using var watcher = Process.Start(start);
    }

    private static Tools? FindTools()
    {
        if (!File.Exists("/bin/sh"))
        {
            return null;
        }
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathRooted)
            .Concat(["/usr/bin", "/bin"])
            .ToArray();
        string? Find(string tool) =>
            directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        return Find("flock") is { } flock && Find("stat") is { } stat && Find("rm") is { } rm
            ? new Tools(flock, stat, rm)
            : null;
    }

    private sealed record Tools(string Flock, string Stat, string Rm);
}
