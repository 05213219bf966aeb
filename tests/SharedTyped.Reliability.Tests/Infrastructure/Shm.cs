namespace SharedTyped.Reliability.Tests;

/// <summary>Names (<see cref="UniqueNames"/>, <c>st-rel-…</c>) and places of the segments these tests make.</summary>
internal static class Shm
{
    public const string Root = "/dev/shm";

    /// <summary>
    /// Every name of this run starts with this: another run of the suite (another checkout, another
    /// developer) may share /dev/shm, and its segments are not this run's leftovers.
    /// </summary>
    public static string RunPrefix => UniqueNames.RunPrefix;

    public static string NewName(string tag) => UniqueNames.New(tag);

    public static string PathOf(string name, string? directory = null) => Path.Combine(directory ?? Root, name);

    /// <summary>A private directory inside <c>/dev/shm</c> (so still tmpfs, with O_TMPFILE), for tests that count or list exactly.</summary>
    public static string NewDirectory(string tag)
    {
        var directory = Path.Combine(Root, NewName(tag));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Everything this run made that is still in <c>/dev/shm</c>.</summary>
    public static IReadOnlyList<string> Leftovers() => UniqueNames.LeftIn(Root);

    /// <summary>Every entry of <paramref name="directory"/>, dot files included.</summary>
    public static IReadOnlyList<string> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
}

/// <summary>Deletes the segments (and private directories) a test made, whatever happened in it.</summary>
internal sealed class Cleanup : IDisposable
{
    private readonly List<(string Name, string? Directory)> _segments = [];
    private readonly List<string> _directories = [];

    public Cleanup(params string[] names)
    {
        foreach (var name in names)
        {
            _segments.Add((name, null));
        }
    }

    public string Name(string tag, string? directory = null)
    {
        var name = Shm.NewName(tag);
        _segments.Add((name, directory));
        return name;
    }

    public string Directory(string tag)
    {
        var directory = Shm.NewDirectory(tag);
        _directories.Add(directory);
        return directory;
    }

    public void Dispose()
    {
        foreach (var (name, directory) in _segments)
        {
            try
            {
                // Some tests give a segment to another user; cleaning up must remove it all the same.
                SharedArray.Delete(name, new DeleteOptions { Directory = directory, DeleteForeignSegment = true });
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
        foreach (var directory in _directories)
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }
}
