namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// Names and places for what the benchmarks make. Every name carries the run's id, so concurrent runs
/// never collide and <see cref="Sweep"/> can remove whatever a crashed benchmark process left.
/// </summary>
internal static class Scratch
{
    /// <summary>Set by the host process; benchmark processes inherit it.</summary>
    public const string RunVariable = "SHAREDTYPED_BENCH_RUN";

    /// <summary>Where the 1 GiB <c>to_file</c> file goes (default: the temporary directory).</summary>
    public const string FileDirectoryVariable = "SHAREDTYPED_BENCH_FILE_DIR";

    private const string Prefix = "st-bench-";

    /// <summary>The prefix of names that must be constants (generated declarations); swept whatever the run.</summary>
    public const string FixedPrefix = Prefix + "fixed-";

    public static string RunId => Environment.GetEnvironmentVariable(RunVariable) is { Length: > 0 } id ? id : "solo";

    /// <summary>The shared-memory directory the runtime uses, so the baselines write to the same file system.</summary>
    public static string ShmDirectory =>
        Environment.GetEnvironmentVariable("SHAREDTYPED_SHM_DIR") is { Length: > 0 } directory ? directory : "/dev/shm";

    public static string FileDirectory =>
        Environment.GetEnvironmentVariable(FileDirectoryVariable) is { Length: > 0 } directory ? directory : Path.GetTempPath();

    /// <summary>A segment name no other benchmark, process or run uses.</summary>
    public static string UniqueName(string kind) => $"{Prefix}{RunId}-{kind}-{Guid.NewGuid():N}";

    public static string ShmPath(string name) => Path.Combine(ShmDirectory, name);

    /// <summary>Removes a file if it is there; cleanup must not fail on what an aborted run never made.</summary>
    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Deletes everything of run <paramref name="runId"/> still lying around; returns what it removed.</summary>
    public static IReadOnlyList<string> Sweep(string runId)
    {
        var removed = new List<string>();
        foreach (var directory in new[] { ShmDirectory, FileDirectory }.Distinct())
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }
            var ofThisRun = Directory.EnumerateFiles(directory, $"{Prefix}{runId}-*");
            var fixedNames = Directory.EnumerateFiles(directory, $"{FixedPrefix}*");
            foreach (var path in ofThisRun.Concat(fixedNames))
            {
                Remove(path);
                removed.Add(path);
            }
        }
        return removed;
    }
}
