using System.CommandLine;
using System.Globalization;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>doctor</c>: what this machine offers shared arrays: the shared-memory file system (size, free space, huge pages),
/// the programs LastProcessOut's watcher needs, and the Python resource-tracker caveat for numpy peers.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>One finding: what was looked at, what was found, and whether it is fine.</summary>
    private sealed record Finding(string Topic, string Value, bool Ok, string? Advice = null);

    public static Command Create(CommonOptions common)
    {
        var command = new Command("doctor", "Check the shared-memory file system, the tools LastProcessOut needs, and the Python caveat");
        common.SetAction(command, Run);
        return command;
    }

    private static ExitCode Run(CommandContext context)
    {
        var findings = new List<Finding>();
        findings.AddRange(FileSystem(context.Directory));
        findings.AddRange(SharedMemory.LastProcessOutTools().Select(t => t.Path is { } path
            ? new Finding($"watcher tool {t.Name}", path, true)
            : new Finding($"watcher tool {t.Name}", "missing", false, "LastProcessOut segments cannot be created; install util-linux (flock) and coreutils (stat, rm)")));
        findings.Add(Python());

        var output = context.Output;
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartArray();
                foreach (var f in findings)
                {
                    json.WriteStartObject();
                    json.WriteString("topic", f.Topic);
                    json.WriteString("value", f.Value);
                    json.WriteBoolean("ok", f.Ok);
                    if (f.Advice is not null)
                    {
                        json.WriteString("advice", f.Advice);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            });
            return ExitCode.Ok;
        }
        var width = findings.Max(f => f.Topic.Length);
        foreach (var f in findings)
        {
            output.Text.WriteLine($"{(f.Ok ? "ok  " : "warn")}  {f.Topic.PadRight(width)}  {f.Value}");
            if (f.Advice is not null)
            {
                output.Text.WriteLine($"      {new string(' ', width)}  {f.Advice}");
            }
        }
        return ExitCode.Ok;
    }

    private static IEnumerable<Finding> FileSystem(string? requested)
    {
        if (SharedMemory.SegmentDirectory(requested) is not { } directory)
        {
            yield return new Finding("shared memory", "named objects of the system (not a directory); size and free space are not reported", true);
            yield break;
        }
        if (!Directory.Exists(directory))
        {
            yield return new Finding("shared-memory directory", $"{directory} does not exist", false, "mount a tmpfs there, or point --dir / SHAREDTYPED_SHM_DIR at one");
            yield break;
        }
        yield return new Finding("shared-memory directory", directory, true);
        var mount = Mounts.Containing(directory);
        if (mount is not null)
        {
            yield return new Finding("file system", $"{mount.Type} mounted at {mount.Point} ({mount.Options})", mount.Type == "tmpfs",
                mount.Type == "tmpfs" ? null : "not tmpfs: segments are written to a disk instead of living in memory");
            yield return new Finding("huge pages", mount.HugePages, true,
                mount.HugePages == "never" ? "mount with huge=within_size (or advise) for transparent huge pages on big segments" : null);
        }
        var drive = new DriveInfo(directory);
        var (size, free) = (drive.TotalSize, drive.AvailableFreeSpace);
        yield return new Finding("size", Bytes(size), size > 0);
        yield return new Finding("free", $"{Bytes(free)} ({(size > 0 ? 100.0 * free / size : 0).ToString("0", CultureInfo.InvariantCulture)}%)", free > 0,
            free > 0 ? null : "full: every create and load fails with SharedArrayOutOfSpaceException");
    }

    private static Finding Python()
    {
        const string topic = "python resource tracker";
        const string caveat = "Python before 3.13 unlinks segments it merely attaches when it exits: attach with SharedMemory(name, track=False) (3.13+) "
            + "or call resource_tracker.unregister(shm._name, \"shared_memory\") right after attaching";
        var version = PythonVersion();
        return version switch
        {
            null => new Finding(topic, "no python3 on the PATH", true, caveat),
            { Major: > 3 } or { Major: 3, Minor: >= 13 } => new Finding(topic, $"python3 is {version}: SharedMemory(name, track=False) keeps attached segments", true,
                "without track=False Python still unlinks attached segments at exit"),
            _ => new Finding(topic, $"python3 is {version}", false, caveat),
        };
    }

    private static Version? PythonVersion()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && Version.TryParse(text, out var version) ? version : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Bytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.0} GiB ({bytes} bytes)");
}
