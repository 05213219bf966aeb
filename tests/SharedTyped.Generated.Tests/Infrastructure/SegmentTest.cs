namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>
/// Base of the test classes: before and after each test, the segments of the declarations a test
/// names are deleted (xunit disposes the instance whether the test passed or not), and the test
/// checks that it left none behind.
/// </summary>
public abstract class SegmentTest : IDisposable
{
    private readonly List<string> _files = [];
    private readonly string[] _names;

    protected SegmentTest(params string[] segmentNames)
    {
        _names = segmentNames;
        DeleteAll();
    }

    /// <summary>A fresh path in the temporary directory, removed after the test.</summary>
    protected string NewFile(string suffix = ".bin")
    {
        var path = UniqueNames.NewTempPath("file", suffix);
        _files.Add(path);
        return path;
    }

    /// <summary>
    /// The bytes of segment <paramref name="name"/> as the system holds them: its file where segments are
    /// files, else its named mapping read directly (on Windows, rounded up to whole pages).
    /// </summary>
    protected static byte[] SegmentBytes(string name)
    {
        if (!OperatingSystem.IsWindows())
        {
            return File.ReadAllBytes(SegmentDirectory.FileOf(name));
        }
        using var mapping = System.IO.MemoryMappedFiles.MemoryMappedFile.OpenExisting(name, System.IO.MemoryMappedFiles.MemoryMappedFileRights.Read);
        using var view = mapping.CreateViewStream(0, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        var bytes = new byte[view.Length];
        view.ReadExactly(bytes);
        return bytes;
    }

    public void Dispose()
    {
        DeleteAll();
        foreach (var file in _files)
        {
            File.Delete(file);
        }
        GC.SuppressFinalize(this);
    }

    private void DeleteAll()
    {
        foreach (var name in _names)
        {
            SharedArray.Delete(name);
        }
    }
}
