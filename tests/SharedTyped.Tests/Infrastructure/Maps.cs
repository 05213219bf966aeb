using System.Globalization;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>One line of <c>/proc/self/maps</c>: what the kernel really mapped, with which protection.</summary>
internal sealed record MapsEntry(ulong Start, ulong End, string Permissions, string Path)
{
    public bool Contains(ulong address) => address >= Start && address < End;
}

internal static class Maps
{
    public static IReadOnlyList<MapsEntry> Read()
    {
        var entries = new List<MapsEntry>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // address perms offset dev inode [path]; the path may contain spaces, so split at most six ways.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            entries.Add(new MapsEntry(
                ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                fields[1],
                fields.Length > 5 ? fields[5].Trim() : ""));
        }
        return entries;
    }

    /// <summary>The mapping that contains <paramref name="address"/>.</summary>
    public static MapsEntry At(nint address) =>
        Read().SingleOrDefault(e => e.Contains((ulong)address))
        ?? throw new InvalidOperationException($"No mapping contains 0x{address:x}.");

    /// <summary>
    /// The protection of the shared mapping at <paramref name="address"/>, in the maps notation
    /// (<c>r--s</c>, <c>rw-s</c>): from /proc/self/maps on Linux, from <c>VirtualQuery</c> on Windows.
    /// </summary>
    public static unsafe string ProtectionAt(nint address)
    {
        if (!OperatingSystem.IsWindows())
        {
            return At(address).Permissions;
        }
        Kernel32.MemoryBasicInformation info;
        if (Kernel32.VirtualQuery(address, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) == 0)
        {
            throw new InvalidOperationException($"VirtualQuery found nothing at 0x{address:x}.");
        }
        const uint memMapped = 0x40000, pageReadOnly = 0x02, pageReadWrite = 0x04;
        var shared = info.Type == memMapped ? "s" : "p";
        return info.Protect switch
        {
            pageReadOnly => "r--" + shared,
            pageReadWrite => "rw-" + shared,
            var other => $"0x{other:x}{shared}",
        };
    }

    /// <summary>Mappings of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<MapsEntry> Of(string path) => Read().Where(e => e.Path == path).ToList();

    /// <summary>Open descriptors of this process that point at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> DescriptorsOf(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Where(f => { try { return f.LinkTarget == path; } catch (IOException) { return false; } })
            .Select(f => f.Name)
            .ToList();
}
