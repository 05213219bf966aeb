namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// A private directory on /dev/shm's tmpfs standing for one host's shared memory: the server serves one,
/// a client pulls into another. Its name is one of the run's (<see cref="UniqueNames"/>); it is removed with everything in it.
/// </summary>
internal sealed class ShmDirectory : IDisposable
{
    public ShmDirectory(string role)
    {
        Path = System.IO.Path.Combine("/dev/shm", UniqueNames.New(role));
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    /// <summary>Everything in the directory, hidden files included: a half-built segment would show here.</summary>
    public IReadOnlyList<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>A fresh segment name for such a directory, starting with <paramref name="purpose"/>.</summary>
    public static string NewName(string purpose) => UniqueNames.NewInPrivateDirectory(purpose);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
