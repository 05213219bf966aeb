using System.Collections.Concurrent;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>
/// Names of the segments this test run makes, and raw access to their files. Every name carries the
/// run's process id, so the final leak check tells this run's leftovers from a concurrent run's.
/// </summary>
internal static class Segments
{
    public const string Prefix = "st-rt-";

    public const string Directory = "/dev/shm";

    /// <summary>The prefix of every segment this run makes: <c>st-rt-{pid}-</c>.</summary>
    public static string RunPrefix { get; } = $"{Prefix}{Environment.ProcessId}-";

    /// <summary>Every name handed out in this run, for the leak check's message.</summary>
    public static ConcurrentDictionary<string, string> HandedOut { get; } = new();

    public static string NewName(string purpose)
    {
        var name = $"{RunPrefix}{Guid.NewGuid():N}";
        HandedOut[name] = purpose;
        return name;
    }

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(PathOf(name));

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

    public static bool FileExists(string name) => File.Exists(PathOf(name));

    /// <summary>Writes a segment by hand, as a hostile or buggy peer could.</summary>
    public static void WriteRaw(string name, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write);
        file.Write(bytes);
    }

    /// <summary>Removes the name whatever it is (segment, hand-written file or symbolic link).</summary>
    public static void Remove(string name)
    {
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
    /// </summary>
    public static IReadOnlyList<string> Snapshot() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*")
            .Concat(System.IO.Directory.EnumerateFileSystemEntries(Directory, $".sharedtyped-{Environment.ProcessId}-*"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>This run's segments still in /dev/shm.</summary>
    public static IReadOnlyList<string> Remaining() =>
        System.IO.Directory.EnumerateFileSystemEntries(Directory, RunPrefix + "*").Select(Path.GetFileName).ToList()!;
}

/// <summary>
/// Base of every test class that makes segments: a test asks for names here and they are removed when
/// xunit disposes the class instance after the test, passed or failed.
/// </summary>
public abstract class SegmentTest : IDisposable
{
    private readonly List<string> _names = [];
    private readonly List<string> _files = [];

    /// <summary>A fresh segment name, removed after the test.</summary>
    protected string NewName(string purpose = "")
    {
        var name = Segments.NewName($"{GetType().Name} {purpose}");
        _names.Add(name);
        return name;
    }

    /// <summary>A fresh path in the temporary directory, removed after the test.</summary>
    protected string NewFile(string suffix = ".bin")
    {
        var path = Path.Combine(Path.GetTempPath(), $"st-rt-file-{Guid.NewGuid():N}{suffix}");
        _files.Add(path);
        return path;
    }

    public virtual void Dispose()
    {
        foreach (var name in _names)
        {
            Segments.Remove(name);
        }
        foreach (var file in _files)
        {
            File.Delete(file);
        }
        GC.SuppressFinalize(this);
    }
}
