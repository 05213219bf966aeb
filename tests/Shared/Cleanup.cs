namespace SharedTyped.TestSupport;

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
        var name = Segments.NewName(tag);
        _segments.Add((name, directory));
        return name;
    }

    public string Directory(string tag)
    {
        var directory = Segments.NewDirectory(tag);
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
