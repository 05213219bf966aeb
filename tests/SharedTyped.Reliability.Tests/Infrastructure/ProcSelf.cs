namespace SharedTyped.Reliability.Tests;

/// <summary>What <c>/proc/self</c> says this process holds.</summary>
internal static class ProcSelf
{
    public static int Descriptors() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Open descriptors whose target lies under <paramref name="directory"/> (deleted files included).</summary>
    public static int DescriptorsUnder(string directory) =>
        Directory.GetFiles("/proc/self/fd").Count(fd => Target(fd)?.StartsWith(directory + "/", StringComparison.Ordinal) == true);

    /// <summary>Lines of <c>/proc/self/maps</c> that map a file under <paramref name="directory"/> or named <paramref name="directory"/>.</summary>
    public static int MappingsOf(string path) =>
        File.ReadLines("/proc/self/maps").Count(line => line.Contains(path, StringComparison.Ordinal));

    private static string? Target(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
