using System.Runtime.CompilerServices;

namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>
/// Where this run's segments live: a directory of its own in /dev/shm (tmpfs, so the segments are
/// real shared memory), named by <see cref="UniqueNames"/> (<c>st-gen-{pid}-…</c>). The generated types have constant names;
/// pointing <c>SHAREDTYPED_SHM_DIR</c> here keeps two runs of this suite (or a user's own
/// <c>st-gen-prices</c>) from ever meeting. The peer inherits the variable. Windows has no directory of
/// segments (a named mapping lives in the session's namespace and goes with its last handle), so there
/// the segments keep their declared names and nothing here touches a file.
/// </summary>
internal static class SegmentDirectory
{
    public const string Variable = "SHAREDTYPED_SHM_DIR";

    /// <summary>This run's directory; null where segments live in no directory (Windows).</summary>
    public static string? Path { get; } = OperatingSystem.IsWindows() ? null : System.IO.Path.Combine(Segments.Directory, UniqueNames.New());

    /// <summary>Runs before any test: creates the directory and routes the runtime's default there.</summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Path is null)
        {
            return;
        }
        Before = SharedMemoryEntries();
        Directory.CreateDirectory(Path);
        Environment.SetEnvironmentVariable(Variable, Path);
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => Remove();
    }

    /// <summary>The <c>st-gen-*</c> entries of /dev/shm when the run started.</summary>
    public static IReadOnlySet<string> Before { get; private set; } = new HashSet<string>();

    /// <summary>The <c>st-gen-*</c> entries of /dev/shm now.</summary>
    public static IReadOnlySet<string> SharedMemoryEntries() =>
        Path is null ? new HashSet<string>() : Directory.EnumerateFileSystemEntries(Segments.Directory, UniqueNames.Prefix + "*").Select(static p => System.IO.Path.GetFileName(p)!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The file of segment <paramref name="name"/>.</summary>
    public static string FileOf(string name) =>
        System.IO.Path.Combine(Path ?? throw new PlatformNotSupportedException("Segments are files only where they live in a directory."), name);

    /// <summary>The segments still in the directory.</summary>
    public static IReadOnlyList<string> Remaining() =>
        Path is not null && Directory.Exists(Path) ? Directory.EnumerateFileSystemEntries(Path).Select(static p => System.IO.Path.GetFileName(p)!).ToList() : [];

    /// <summary>Removes the directory and anything a failed test left in it.</summary>
    public static void Remove()
    {
        try
        {
            if (Path is not null && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
