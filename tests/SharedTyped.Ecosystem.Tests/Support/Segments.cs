namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// Segment names of this project: all start with <see cref="Prefix"/>, so the leak check can find them. The prefix
/// holds an id of this test run, so that a run of the same suite elsewhere on the machine (same /dev/shm) is not
/// taken for a leak of this one.
/// </summary>
internal static class Segments
{
    public static readonly string Prefix = $"st-eco-{Environment.ProcessId:x}-";

    public static string UniqueName(string tag) => $"{Prefix}{tag}-{Guid.NewGuid():N}";

    /// <summary>Names with this project's prefix still in <c>/dev/shm</c> (files and directories).</summary>
    public static IReadOnlyList<string> Leftovers() =>
        Directory.Exists("/dev/shm")
            ? Directory.EnumerateFileSystemEntries("/dev/shm", Prefix + "*").Select(Path.GetFileName).OfType<string>().ToList()
            : [];

    /// <summary>Removes the named segments; for <c>finally</c> blocks, so it never throws for a missing one.</summary>
    public static void Remove(params string[] names)
    {
        foreach (var name in names)
        {
            SharedArray.Delete(name);
        }
    }
}
