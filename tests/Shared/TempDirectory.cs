namespace SharedTyped.TestSupport;

/// <summary>
/// A fresh directory named by <see cref="UniqueNames"/> (so the leak check of its run finds it if a test leaves it),
/// under the system temp folder or <c>parent</c>, removed with everything in it on dispose.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string tag, string? parent = null)
        : this(tag, parent, ownerOnly: false)
    {
    }

    private TempDirectory(string tag, string? parent, bool ownerOnly)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), UniqueNames.New(tag));
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(Path);
        }
    }

    /// <summary>
    /// A private directory (mode 0700) on /dev/shm's tmpfs standing for one host's shared memory, for a test's segments:
    /// a server serves one, a client pulls into another, a tool lists one exactly.
    /// </summary>
    public static TempDirectory InSharedMemory(string tag) => new(tag, Segments.Directory, ownerOnly: true);

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Everything in the directory, dot files included (a half-built segment would show here), in order.</summary>
    public IReadOnlyList<string> Entries() => Segments.Entries(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
