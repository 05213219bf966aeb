namespace SharedTyped.TestSupport;

/// <summary>A fresh directory under the system temp folder, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string tag, string? parent = null)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), UniqueNames.New(tag));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
