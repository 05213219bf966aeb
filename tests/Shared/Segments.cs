using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;

namespace SharedTyped.TestSupport;

/// <summary>
/// The segments a test run makes: their names (<see cref="UniqueNames"/>, <c>{prefix}{pid}-…</c>), where they live,
/// private directories for them, and what is left of them. On Linux a segment is a file of /dev/shm (or of a directory
/// a test names); on Windows it is a named mapping, which lives while a handle to it is open (docs/guarantees.md,
/// "Windows"). The name carries the run's process id, so the final leak check tells this run's leftovers from a
/// concurrent run's. Reading and writing a segment's bytes by hand is Segments.Bytes.cs, linked where the runtime's
/// internals are visible.
/// </summary>
internal static partial class Segments
{
    /// <summary>The assembly's prefix (its project file's <c>TestNamePrefix</c>).</summary>
    public static string Prefix => UniqueNames.Prefix;

    /// <summary>Where Linux keeps segments unless a test names another directory.</summary>
    public const string Directory = "/dev/shm";

    /// <summary>The prefix of every segment this run makes: <c>{prefix}{pid}-</c>.</summary>
    public static string RunPrefix => UniqueNames.RunPrefix;

    /// <summary>Every name handed out in this run, with what it was for, for the leak check's message.</summary>
    public static ConcurrentDictionary<string, string> HandedOut { get; } = new();

    /// <summary>Mappings written by hand on Windows, held open until <see cref="Remove"/> (a mapping dies with its last handle).</summary>
    private static readonly ConcurrentDictionary<string, IDisposable> Held = new();

    /// <summary>A fresh name; <paramref name="tag"/> goes into it, <paramref name="purpose"/> (or the tag) into the leak check's message.</summary>
    public static string NewName(string tag = "", string? purpose = null)
    {
        var name = UniqueNames.New(tag);
        HandedOut[name] = purpose ?? tag;
        return name;
    }

    /// <summary>
    /// Whether a persistent segment outlives every handle to it: not on Windows, which frees a mapping
    /// with its last handle (docs/guarantees.md, "Windows").
    /// </summary>
    public static bool PersistentOutlivesHandles => !OperatingSystem.IsWindows();

    /// <summary>
    /// Where the segment lives, as the runtime's messages name it: its file in <paramref name="directory"/> (else
    /// /dev/shm) on Linux, its object name on Windows.
    /// </summary>
    public static string PathOf(string name, string? directory = null) =>
        OperatingSystem.IsWindows() && directory is null ? $"Local\\{name}" : Path.Combine(directory ?? Directory, name);

    /// <summary>Whether anything has the name: a file of /dev/shm, or an open mapping on Windows (deleted or not).</summary>
    public static bool FileExists(string name)
    {
        if (!OperatingSystem.IsWindows())
        {
            return File.Exists(PathOf(name));
        }
        try
        {
            using var map = MemoryMappedFile.OpenExisting(name, MemoryMappedFileRights.Read);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Keeps a mapping written by hand open until <see cref="Remove"/> removes its name.</summary>
    public static void Hold(string name, IDisposable mapping)
    {
        if (!Held.TryAdd(name, mapping))
        {
            mapping.Dispose();
            throw new InvalidOperationException($"'{name}' was written twice.");
        }
    }

    /// <summary>
    /// Removes the names whatever they are (segment, hand-written file or symbolic link; on Windows, a hand-written
    /// mapping's handle); for <c>finally</c> blocks, so it never throws for a missing one.
    /// </summary>
    public static void Remove(params string[] names)
    {
        foreach (var name in names)
        {
            if (OperatingSystem.IsWindows())
            {
                if (Held.TryRemove(name, out var mapping))
                {
                    mapping.Dispose();
                }
                continue;
            }
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
    /// A private directory inside /dev/shm (so still tmpfs, with O_TMPFILE) for tests that count or list exactly;
    /// its name is one of the run's, so the leak check sees it if a test leaves it.
    /// </summary>
    public static string NewDirectory(string tag)
    {
        var directory = Path.Combine(Directory, NewName(tag));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Every entry of <paramref name="directory"/>, dot files included (a half-built segment shows there), in order.</summary>
    public static IReadOnlyList<string> Entries(string directory) =>
        System.IO.Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What this process has in /dev/shm: its segments and any half-built ones of the runtime's
    /// fallback (<c>.sharedtyped-{pid}-…</c>). Other processes' entries are left out, since they come and go.
    /// Windows cannot list mappings: there, the names handed out in this run that a mapping still has.
    /// </summary>
    public static IReadOnlyList<string> Snapshot() => OperatingSystem.IsWindows()
        ? HandedOut.Keys.Where(FileExists).Order(StringComparer.Ordinal).ToList()
        : System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*")
            .Concat(System.IO.Directory.EnumerateFileSystemEntries(Directory, $".sharedtyped-{Environment.ProcessId}-*"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>This run's segments (and private directories) still in /dev/shm; on Windows, its names a mapping still has.</summary>
    public static IReadOnlyList<string> Remaining() => OperatingSystem.IsWindows()
        ? HandedOut.Keys.Where(FileExists).Order(StringComparer.Ordinal).ToList()
        : UniqueNames.LeftIn(Directory);
}
