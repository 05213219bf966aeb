using System.Diagnostics;
using System.Globalization;

namespace SharedTyped;

/// <summary>
/// A process killed with SIGKILL runs no code, so the death of the last holder of a
/// <see cref="SegmentLifetime.LastProcessOut"/> segment must be noticed from outside: a small shell
/// process waits for an exclusive flock (granted once every holder's shared lock is gone, by close or
/// by death), takes the directory's <see cref="NameLock"/> (the same lock every SharedTyped process
/// changes a name under, so no Force create or Delete can slip between its check and its removal) and
/// removes the name if it still names the same inode. It holds no lock while it waits,
/// so it never counts as a holder, and it exits as soon as it has looked.
/// The creator starts it before the segment has a name: the watcher opens the still hidden inode
/// (through <c>/proc/PID/fd/N</c>, or the temporary dot name), reports that on its stdout, and only
/// then does the creator link the name. So there is no instant at which the name exists unwatched.
/// </summary>
internal static class LastProcessOutWatcher
{
    /// <summary>
    /// $1 the path to open the hidden inode by, $2 the name to be, $3 the temporary dot name or "",
    /// $4 the inode, $5-$7 flock, stat, rm, $8 the shared-memory directory, whose lock (fd 8) it holds
    /// from its check to its exit. It ignores the terminal's signals so that a Ctrl+C aimed
    /// at the creator's process group does not take the watcher with it while other holders live, and
    /// SIGPIPE so that a creator killed before it read the report still leaves a watcher that cleans
    /// up. Tools come as absolute paths, so the caller's PATH cannot break the watcher after it started.
    /// Both names are removed only if they still name this inode: a name taken over by a newer segment
    /// is not ours, and the dot name is left only by a creator killed between link and its removal.
    /// Once its exclusive lock is granted it closes the segment (<c>exec 9&lt;&amp;-</c>) before anything else, so
    /// that it pins the segment's pages no longer than it must (the name is checked by path, not by descriptor).
    /// </summary>
    private const string Script =
        "trap '' INT QUIT HUP PIPE; exec 9<\"$1\" || exit 0; echo " + Ready + "; exec </dev/null >/dev/null 2>&1; " +
        "\"$5\" -x 9 || exit 0; exec 9<&-; { exec 8<\"$8\" && \"$5\" -x 8; } || exit 0; " +
        "for p in \"$2\" \"$3\"; do [ -n \"$p\" ] && [ \"$(\"$6\" -c %i -- \"$p\")\" = \"$4\" ] && \"$7\" -f -- \"$p\"; done; exit 0";

    /// <summary>What the watcher prints once it has the segment open.</summary>
    private const string Ready = "open";

    /// <summary>How long the creator waits for that line; a fork and exec of /bin/sh takes milliseconds.</summary>
    internal static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(15);

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

    /// <summary>
    /// Starts the watcher of the unpublished segment that <paramref name="hiddenPath"/> opens and that
    /// will be named <paramref name="path"/>, and returns once the watcher holds it open.
    /// </summary>
    /// <exception cref="IOException">The watcher could not open the segment or did not report in time; nothing has been published.</exception>
    public static void Start(string name, string hiddenPath, string path, string? temporaryPath, ulong inode, string directory)
    {
        var tools = Found.Value ?? throw new PlatformNotSupportedException("The LastProcessOut watcher's tools are missing.");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            // Not redirected: the script swaps its stdin for /dev/null at once, and a pipe here would be one more descriptor to leak.
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(ProcessTitle);
        start.ArgumentList.Add(hiddenPath);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(temporaryPath ?? "");
        start.ArgumentList.Add(inode.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(tools.Flock);
        start.ArgumentList.Add(tools.Stat);
        start.ArgumentList.Add(tools.Rm);
        start.ArgumentList.Add(directory);
        using var watcher = Process.Start(start)
            ?? throw new IOException($"Shared array '{name}': could not start the LastProcessOut watcher (/bin/sh); nothing was published.");
        try
        {
            AwaitReport(watcher, name, hiddenPath);
        }
        finally
        {
            // Process.Dispose leaves a stream that was read synchronously to the finalizer: without
            // these, each create would keep two pipe descriptors open until a garbage collection.
            watcher.StandardOutput.Dispose();
            watcher.StandardError.Dispose();
        }
    }

    /// <summary>How long a last holder's dispose waits for the watcher to let go of the segment.</summary>
    internal static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The watcher shells of the segment <paramref name="inode"/> once named <paramref name="path"/>: processes whose
    /// <c>$0</c> is <see cref="ProcessTitle"/> and whose arguments are that name and inode (see <see cref="Script"/>).
    /// </summary>
    public static int[] WatchersOf(string path, ulong inode)
    {
        var inodeText = inode.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string[] arguments;
            try
            {
                arguments = File.ReadAllText(System.IO.Path.Combine(entry, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // /bin/sh -c SCRIPT sharedtyped-watcher $1 $2 $3 $4 ...
            // The directory may be spelled differently by the creator and this process: the file name and the inode decide.
            if (arguments.Length > 7 && arguments[3] == ProcessTitle && arguments[7] == inodeText
                && System.IO.Path.GetFileName(arguments[5]) == System.IO.Path.GetFileName(path))
            {
                found.Add(pid);
            }
        }
        return [.. found];
    }

    /// <summary>
    /// Waits (bounded by <see cref="SettleBound"/>) until <paramref name="watchers"/> have ended: a watcher holds the
    /// segment open until its lock is granted, so until then the pages of a segment whose name is gone are still
    /// allocated, and an immediate create of the same size would find the file system full. Stops at once when
    /// another process holds the segment again (its watcher then stays, rightly).
    /// </summary>
    public static void AwaitRelease(int[] watchers, SegmentInode segment)
    {
        var deadline = Environment.TickCount64 + (long)SettleBound.TotalMilliseconds;
        foreach (var pid in watchers)
        {
            while (ProcLocks.IsRunning(pid) && Environment.TickCount64 < deadline)
            {
                if (ProcLocks.On(segment.Major, segment.Minor, segment.Inode).Any(l => !l.Exclusive && !l.Waiting))
                {
                    return;
                }
                Thread.Sleep(1);
            }
        }
    }

    private static void AwaitReport(Process watcher, string name, string hiddenPath)
    {
        var report = watcher.StandardOutput.ReadLineAsync();
        if (!report.Wait(ReportTimeout))
        {
            // Ours to end: it has not been told the name yet, and an unpublished segment needs no watching.
            watcher.Kill();
            throw new IOException(
                $"Shared array '{name}': the LastProcessOut watcher did not report within {ReportTimeout.TotalSeconds:F0} s " +
                "that it holds the new segment; nothing was published.");
        }
        if (report.Result != Ready)
        {
            var errors = watcher.StandardError.ReadToEndAsync();
            var why = errors.Wait(TimeSpan.FromSeconds(1)) && errors.Result.Trim() is { Length: > 0 } text ? $": {text}" : "";
            throw new IOException(
                $"Shared array '{name}': the LastProcessOut watcher could not open the new segment ('{hiddenPath}'){why}; nothing was published.");
        }
    }

    private static Tools? FindTools()
    {
        var found = RequiredTools().ToDictionary(t => t.Name, t => t.Path);
        return found.Values.All(p => p is not null)
            ? new Tools(found["flock"]!, found["stat"]!, found["rm"]!)
            : null;
    }

    /// <summary>What the watcher runs and where it found each (null: missing); <c>doctor</c> reports the same list.</summary>
    public static IReadOnlyList<SystemTool> RequiredTools()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathRooted)
            .Concat(["/usr/bin", "/bin"])
            .ToArray();
        string? Find(string tool) =>
            directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        return
        [
            new SystemTool("sh", File.Exists("/bin/sh") ? "/bin/sh" : null),
            new SystemTool("flock", Find("flock")),
            new SystemTool("stat", Find("stat")),
            new SystemTool("rm", Find("rm")),
        ];
    }

    private sealed record Tools(string Flock, string Stat, string Rm);
}
