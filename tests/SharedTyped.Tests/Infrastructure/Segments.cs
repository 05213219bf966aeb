using System.Collections.Concurrent;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>
/// Names of the segments this test run makes, and raw access to their bytes: the files of /dev/shm on
/// Linux, the named mappings on Windows (<see cref="WindowsMappings"/>). Every name carries the run's
/// process id, so the final leak check tells this run's leftovers from a concurrent run's.
/// </summary>
internal static class Segments
{
    public static string Prefix => UniqueNames.Prefix;

    public const string Directory = "/dev/shm";

    /// <summary>The prefix of every segment this run makes: <c>st-rt-{pid}-</c>.</summary>
    public static string RunPrefix => UniqueNames.RunPrefix;

    /// <summary>Every name handed out in this run, for the leak check's message.</summary>
    public static ConcurrentDictionary<string, string> HandedOut { get; } = new();

    public static string NewName(string purpose)
    {
        var name = UniqueNames.New();
        HandedOut[name] = purpose;
        return name;
    }

    /// <summary>
    /// Whether a persistent segment outlives every handle to it: not on Windows, which frees a mapping
    /// with its last handle (docs/guarantees.md, "Windows").
    /// </summary>
    public static bool PersistentOutlivesHandles => !OperatingSystem.IsWindows();

    /// <summary>Where the segment lives, as the runtime's messages name it: its file on Linux, its object name on Windows.</summary>
    public static string PathOf(string name) => OperatingSystem.IsWindows() ? $"Local\\{name}" : Path.Combine(Directory, name);

    public static byte[] ReadBytes(string name) => OperatingSystem.IsWindows() ? WindowsMappings.ReadBytes(name) : File.ReadAllBytes(PathOf(name));

    /// <summary>
    /// The segment's bytes with the nonce of its sync block zeroed (docs/format.md: bytes 40-48 of the block, random for
    /// every segment created), so that two segments laid out alike compare equal.
    /// </summary>
    public static byte[] ReadBytesWithoutNonce(string name)
    {
        var bytes = ReadBytes(name);
        var block = bytes.Length - SyncBlock.Length;
        if (block >= 0 && bytes.AsSpan(block, 4).SequenceEqual("STSY"u8))
        {
            bytes.AsSpan(block + SyncBlock.NonceOffset, sizeof(ulong)).Clear();
        }
        return bytes;
    }

    /// <summary>Whether anything has the name: a file of /dev/shm, or an open mapping on Windows (deleted or not).</summary>
    public static bool FileExists(string name) => OperatingSystem.IsWindows() ? WindowsMappings.Exists(name) : File.Exists(PathOf(name));

    /// <summary>Writes a segment by hand, as a hostile or buggy peer could (on Windows, held open until <see cref="Remove"/>).</summary>
    public static void WriteRaw(string name, ReadOnlySpan<byte> bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            WindowsMappings.WriteRaw(name, bytes);
            return;
        }
        using var file = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write);
        file.Write(bytes);
    }

    /// <summary>Removes the name whatever it is (segment, hand-written file or symbolic link; on Windows, a hand-written mapping's handle).</summary>
    public static void Remove(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            WindowsMappings.Remove(name);
            return;
        }
        try
        {
            File.Delete(PathOf(name));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// What this process has in /dev/shm: its segments and any half-built ones of the runtime's
    /// fallback (<c>.sharedtyped-{pid}-…</c>). Other processes' entries are left out, since they come and go.
    /// Windows cannot list mappings: there, the names handed out in this run that a mapping still has.
    /// </summary>
    public static IReadOnlyList<string> Snapshot() => OperatingSystem.IsWindows()
        ? HandedOut.Keys.Where(WindowsMappings.Exists).Order(StringComparer.Ordinal).ToList()
        : System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*")
            .Concat(System.IO.Directory.EnumerateFileSystemEntries(Directory, $".sharedtyped-{Environment.ProcessId}-*"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>This run's segments still in /dev/shm.</summary>
    public static IReadOnlyList<string> Remaining() => OperatingSystem.IsWindows()
        ? HandedOut.Keys.Where(WindowsMappings.Exists).ToList()
        : System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*").Select(Path.GetFileName).ToList()!;
}
