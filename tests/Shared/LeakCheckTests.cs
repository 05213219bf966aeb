using System.Globalization;
using SharedTyped.TestPlatforms;
using Xunit;

namespace SharedTyped.TestSupport;

/// <summary>
/// The leak check of a test assembly, linked into each that has one (its project file): its collection runs
/// after every other one (RunLast.cs), so it sees what every test left behind, whichever ran and in whatever
/// order. The run must leave /dev/shm as it found it: nothing under its names (<see cref="UniqueNames"/>,
/// <c>{prefix}{pid}-…</c>), nothing of an earlier run of the same suite, no half-built segment. What it finds it
/// removes, and fails naming it.
/// </summary>
[Collection(RunLastCollection.Name)]
public sealed class LeakCheckTests
{
    private const string Why = "the leak check lists /dev/shm; Windows frees a mapping with its last handle, so a leak cannot outlive the run";

    /// <summary>The runtime's default directory of segments, which a suite may point at a directory of its own.</summary>
    private const string SegmentDirectoryVariable = "SHAREDTYPED_SHM_DIR";

    [LinuxFact(Why)]
    public void No_segment_or_directory_of_this_run_remains_in_dev_shm()
    {
        var leaks = new List<string>();
        // A suite whose segments have constant names (SharedTyped.Generated.Tests) keeps them all in a directory
        // of the run's own, where the runtime's default points: the directory is the run's until here, and
        // whatever is still in it is a leak.
        if (RunSegmentDirectory() is { } home)
        {
            leaks.AddRange(Segments.Entries(home).Select(entry => $"{Path.GetFileName(home)}/{entry}"));
            Remove(home);
        }
        var remaining = Segments.Remaining();
        foreach (var name in remaining)
        {
            leaks.Add(name);
            Remove(Path.Combine(Segments.Directory, name));
        }
        var described = leaks.Select(n => $"{n} (made by {(Segments.HandedOut.TryGetValue(n.Split('/')[^1], out var by) ? by : "an unknown test")})");
        Assert.True(leaks.Count == 0, $"The suite left {leaks.Count} segment(s) or directories in {Segments.Directory} (now removed):\n{string.Join('\n', described)}");
    }

    [LinuxFact(Why)]
    public void No_segment_of_an_earlier_run_remains_in_dev_shm()
    {
        // Names are {prefix}{pid}-…: one whose run has ended is a leak of that run (a concurrent run's are left alone).
        var stale = Directory.EnumerateFileSystemEntries(Segments.Directory, Segments.Prefix + "*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith(Segments.RunPrefix, StringComparison.Ordinal))
            .Where(n => !int.TryParse(n[Segments.Prefix.Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !ChildProcess.IsAlive(pid))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var name in stale)
        {
            Remove(Path.Combine(Segments.Directory, name));
        }
        Assert.True(stale.Count == 0, $"An earlier run left {stale.Count} segment(s) or directories in {Segments.Directory} (now removed):\n{string.Join('\n', stale)}");
    }

    [LinuxFact(Why)]
    public void No_half_built_segment_file_remains()
    {
        // The runtime's fallback for file systems without O_TMPFILE names its unpublished segments .sharedtyped-{pid}-….
        var mine = Directory.EnumerateFileSystemEntries(Segments.Directory, $".sharedtyped-{Environment.ProcessId}-*").ToList();
        Assert.Empty(mine);
    }

    /// <summary>The directory <c>SHAREDTYPED_SHM_DIR</c> names when it is one of this run's in /dev/shm, else null.</summary>
    private static string? RunSegmentDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(SegmentDirectoryVariable);
        return directory is not null
            && Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)) == Segments.Directory
            && Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)).StartsWith(Segments.RunPrefix, StringComparison.Ordinal)
            && Directory.Exists(directory)
                ? directory
                : null;
    }

    /// <summary>Removes a leftover, file or directory; one that cannot be removed is still reported.</summary>
    private static void Remove(string path)
    {
        try
        {
            if (Directory.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
