using System.Globalization;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// Runs after every other collection (see <see cref="RunLastOrderer"/>): the suite must leave no
/// "st-rt-" segment behind, whichever tests ran and in whatever order.
/// </summary>
[Collection(RunLastCollection.Name)]
public sealed class LeakCheckTests
{
    [LinuxFact("the leak check lists /dev/shm; Windows frees a mapping with its last handle, so a leak cannot outlive the run")]
    public void No_segment_of_this_run_remains_in_dev_shm()
    {
        var remaining = Segments.Remaining();
        var described = remaining.Select(n => $"{n} (made by {(Segments.HandedOut.TryGetValue(n, out var by) ? by : "an unknown test")})");
        foreach (var name in remaining)
        {
            Segments.Remove(name);
        }
        Assert.True(remaining.Count == 0, $"The suite left {remaining.Count} segment(s) in {Segments.Directory} (now removed):\n{string.Join('\n', described)}");
    }

    [LinuxFact("the leak check lists /dev/shm; Windows frees a mapping with its last handle, so a leak cannot outlive the run")]
    public void No_segment_of_an_earlier_run_remains_in_dev_shm()
    {
        // Names are st-rt-{pid}-…: a segment whose run has ended is a leak of that run (a concurrent run's are left alone).
        var stale = Directory.EnumerateFileSystemEntries(Segments.Directory, Segments.Prefix + "*")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith(Segments.RunPrefix, StringComparison.Ordinal))
            .Where(n => !int.TryParse(n[Segments.Prefix.Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !ChildProcess.IsAlive(pid))
            .ToList();
        foreach (var name in stale)
        {
            Segments.Remove(name);
        }
        Assert.True(stale.Count == 0, $"An earlier run left {stale.Count} segment(s) in {Segments.Directory} (now removed):\n{string.Join('\n', stale)}");
    }

    [LinuxFact("the leak check lists /dev/shm; Windows frees a mapping with its last handle, so a leak cannot outlive the run")]
    public void No_half_built_segment_file_remains()
    {
        // The runtime's fallback for file systems without O_TMPFILE names its unpublished segments .sharedtyped-{pid}-….
        var mine = Directory.EnumerateFileSystemEntries(Segments.Directory, $".sharedtyped-{Environment.ProcessId}-*").ToList();
        Assert.Empty(mine);
    }
}
