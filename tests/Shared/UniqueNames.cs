using System.Reflection;

namespace SharedTyped.TestSupport;

/// <summary>
/// The one source of names for what the tests make (segments, files, directories). Every name of a test
/// assembly starts with its <c>TestNamePrefix</c> (set in its project file, e.g. <c>st-rt-</c>), then this
/// run's process id, so that a leak check finds exactly this run's leftovers and another run of the same
/// suite on the machine (same /dev/shm, another live process) is never taken for one.
/// </summary>
internal static class UniqueNames
{
    /// <summary>The assembly's prefix, from its project file's <c>TestNamePrefix</c>.</summary>
    public static string Prefix { get; } =
        typeof(UniqueNames).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "TestNamePrefix")?.Value
        ?? throw new InvalidOperationException($"{typeof(UniqueNames).Assembly.GetName().Name} sets no TestNamePrefix in its project file.");

    /// <summary>The start of every name this run hands out: <c>{prefix}{pid}-</c>.</summary>
    public static string RunPrefix { get; } = $"{Prefix}{Environment.ProcessId}-";

    /// <summary>A fresh name of this run, with <paramref name="tag"/> (if any) to tell what it is for.</summary>
    public static string New(string tag = "") => tag.Length == 0 ? $"{RunPrefix}{Guid.NewGuid():N}" : $"{RunPrefix}{tag}-{Guid.NewGuid():N}";

    /// <summary>
    /// A fresh name that starts with <paramref name="tag"/>, for inside a private directory of the run (the
    /// directory's name carries the run prefix; a peer may read the tag off the name's start).
    /// </summary>
    public static string NewInPrivateDirectory(string tag) => $"{tag}-{Guid.NewGuid():N}";

    /// <summary>
    /// A fresh name of 19 bytes (the run prefix, then random hex), for a declaration: the analyzers warn above
    /// 30 bytes (macOS's limit), and a test may derive longer names from it.
    /// </summary>
    public static string NewShort() => New()[..19];

    /// <summary>A fresh path in the system's temporary directory, ending in <paramref name="suffix"/>.</summary>
    public static string NewTempPath(string tag, string suffix = "") => Path.Combine(Path.GetTempPath(), New(tag) + suffix);

    /// <summary>The entries of <paramref name="directory"/> (e.g. /dev/shm) this run made, as names.</summary>
    public static IReadOnlyList<string> LeftIn(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory, RunPrefix + "*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
}
