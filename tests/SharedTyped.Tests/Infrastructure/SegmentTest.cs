namespace SharedTyped.Tests.Infrastructure;

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
        var name = Segments.NewName(purpose: $"{GetType().Name} {purpose}");
        _names.Add(name);
        return name;
    }

    /// <summary>A fresh path in the temporary directory, removed after the test.</summary>
    protected string NewFile(string suffix = ".bin")
    {
        var path = UniqueNames.NewTempPath("file", suffix);
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
