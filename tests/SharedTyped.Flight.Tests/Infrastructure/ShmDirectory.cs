namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// A private directory on /dev/shm's tmpfs standing for one host's shared memory: the server serves one,
/// a client pulls into another. Its name carries the run's process id; it is removed with everything in it.
/// </summary>
internal sealed class ShmDirectory : IDisposable
{
    public const string Prefix = "st-fl-";

    public ShmDirectory(string role)
    {
        Path = System.IO.Path.Combine("/dev/shm", $"{Prefix}{Environment.ProcessId}-{role}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    /// <summary>Everything in the directory, hidden files included: a half-built segment would show here.</summary>
    public IReadOnlyList<string> Entries() =>
        Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static string NewName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 33, 120)];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
