using System.Globalization;

namespace SharedTyped;

/// <summary>
/// Reads <c>/proc/self/smaps</c>, where the kernel says per mapping how much of it is mapped through
/// huge page-table entries. It walks the page tables of every mapping of the process, so it is for
/// answering a question (<c>UsesHugePages</c>), never for a hot path.
/// </summary>
internal static class Smaps
{
    /// <summary>The fields that count memory mapped by one PMD entry: tmpfs/shmem, page-cache files and anonymous memory.</summary>
    private static readonly string[] HugeFields = ["ShmemPmdMapped:", "FilePmdMapped:", "AnonHugePages:"];

    /// <summary>Bytes of [<paramref name="start"/>, + <paramref name="length"/>) that this process maps through huge pages, summed over every mapping (VMA) of that range.</summary>
    public static long HugeMappedBytes(nint start, long length)
    {
        var first = (ulong)start;
        var end = first + (ulong)length;
        long kilobytes = 0;
        var inside = false;
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines("/proc/self/smaps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                continue;
            }
            var token = line.AsSpan(0, space);
            var dash = token.IndexOf('-');
            if (dash > 0 && token[^1] != ':')
            {
                // A mapping's header: "7f51cb400000-7f51cbc00000 rw-s 00000000 00:2a 3 /path".
                inside = ulong.TryParse(token[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var low)
                    && ulong.TryParse(token[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var high)
                    && low < end && high > first;
                continue;
            }
            if (inside && Array.IndexOf(HugeFields, token.ToString()) >= 0
                && long.TryParse(line.AsSpan(space).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                kilobytes += value;
            }
        }
        return kilobytes * 1024;
    }
}
