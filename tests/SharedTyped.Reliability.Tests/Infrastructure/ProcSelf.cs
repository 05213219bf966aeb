namespace SharedTyped.Reliability.Tests;

/// <summary>What <c>/proc/self</c> says this process holds.</summary>
internal static class ProcSelf
{
    public static int Descriptors() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Open descriptors whose target lies under <paramref name="directory"/> (deleted files included).</summary>
    public static int DescriptorsUnder(string directory) =>
        Directory.GetFiles("/proc/self/fd").Count(fd => Target(fd)?.StartsWith(directory + "/", StringComparison.Ordinal) == true);

    /// <summary>Lines of <c>/proc/self/maps</c> whose file path contains <paramref name="path"/> (a directory: every segment in it).</summary>
    public static int MappingsOf(string path) =>
        File.ReadLines("/proc/self/maps").Count(line => line.Contains(path, StringComparison.Ordinal));

    /// <summary>
    /// Lines of <c>/proc/self/maps</c> that map inode <paramref name="inode"/>. A created segment is
    /// mapped before it has its name, so maps shows it as the unnamed O_TMPFILE; the inode is what matches.
    /// </summary>
    public static int MappingsOfInode(ulong inode) =>
        File.ReadLines("/proc/self/maps").Count(line =>
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 5 && fields[4] == inode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

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
