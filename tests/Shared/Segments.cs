using System.Collections.Concurrent;

namespace SharedTyped.TestSupport;

/// <summary>
/// The segments a test run makes in /dev/shm: their names (<see cref="UniqueNames"/>, <c>{prefix}{pid}-…</c>),
/// raw access to their files, and what is left of them (tests/SharedTyped.Tests has its own, which also reads
/// Windows' named mappings through the runtime's internals). The name carries the run's process id, so the final
/// leak check tells this run's leftovers from a concurrent run's.
/// </summary>
internal static class Segments
{
    public static string Prefix => UniqueNames.Prefix;

    public const string Directory = "/dev/shm";

    /// <summary>The prefix of every segment this run makes.</summary>
    public static string RunPrefix => UniqueNames.RunPrefix;

    /// <summary>Every name handed out in this run, for the leak check's message.</summary>
    public static ConcurrentDictionary<string, string> HandedOut { get; } = new();

    /// <summary>A fresh name; <paramref name="tag"/> goes into it, <paramref name="purpose"/> into the leak check's message.</summary>
    public static string NewName(string tag = "", string? purpose = null)
    {
        var name = UniqueNames.New(tag);
        HandedOut[name] = purpose ?? tag;
        return name;
    }

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(PathOf(name));

    public static bool FileExists(string name) => File.Exists(PathOf(name));

    /// <summary>Writes a segment by hand, as a hostile or buggy peer could.</summary>
    public static void WriteRaw(string name, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write);
        file.Write(bytes);
    }

    /// <summary>Removes the names whatever they are (segment, hand-written file or symbolic link); for <c>finally</c> blocks, so it never throws for a missing one.</summary>
    public static void Remove(params string[] names)
    {
        foreach (var name in names)
        {
            try
            {
                File.Delete(PathOf(name));
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// What this process has in /dev/shm: its segments and any half-built ones of the runtime's
    /// fallback (<c>.sharedtyped-{pid}-…</c>). Other processes' entries are left out, since they come and go.
    /// </summary>
    public static IReadOnlyList<string> Snapshot() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*")
            .Concat(System.IO.Directory.EnumerateFileSystemEntries(Directory, $".sharedtyped-{Environment.ProcessId}-*"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>This run's segments still in /dev/shm.</summary>
    public static IReadOnlyList<string> Remaining() => UniqueNames.LeftIn(Directory);
}
