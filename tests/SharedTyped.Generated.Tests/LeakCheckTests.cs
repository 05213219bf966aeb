namespace SharedTyped.Generated.Tests;

/// <summary>Runs last: every test removed what it made, and /dev/shm is as the run found it.</summary>
[Collection(RunLastCollection.Name)]
public sealed class LeakCheckTests
{
    [LinuxFact("the leak check counts the files of /dev/shm; Windows frees a mapping with its last handle, so a leak cannot outlive the run")]
    public void No_segment_is_left_and_shared_memory_is_as_found()
    {
        Assert.Empty(SegmentDirectory.Remaining());
        SegmentDirectory.Remove();

        // New st-gen-* entries are leaks, unless they are the directory of a concurrent run.
        var leaked = SegmentDirectory.SharedMemoryEntries().Except(SegmentDirectory.Before).Where(static e => !IsOtherRun(e));
        Assert.Empty(leaked);
    }

    /// <summary>A directory of another run of this suite going on at the same time (<c>st-gen-{pid}-…</c> of a live pid).</summary>
    private static bool IsOtherRun(string entry)
    {
        var parts = entry.Split('-');
        return parts.Length >= 4 && int.TryParse(parts[2], out var pid) && pid != Environment.ProcessId && Directory.Exists($"/proc/{pid}");
    }
}
