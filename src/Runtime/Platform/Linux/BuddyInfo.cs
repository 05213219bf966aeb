using System.Globalization;

namespace SharedTyped;

/// <summary>
/// Reads <c>/proc/buddyinfo</c>: per zone, how many free blocks of each order (2^order pages) the page
/// allocator holds. A huge page is a free block of order ≥ 9 (2 MiB); when too few are free, the kernel
/// must compact memory (seconds for a gigabyte) or fall back to 4 KiB pages. See docs/huge-pages.md.
/// </summary>
internal static class BuddyInfo
{
    /// <summary>
    /// How many free blocks of <paramref name="pageBytes"/> the allocator could hand out now without
    /// compacting, counted over every zone but <c>DMA</c> (16 MiB that ordinary allocations leave alone);
    /// -1 when <c>/proc/buddyinfo</c> cannot be read.
    /// </summary>
    public static long FreeBlocks(long pageBytes)
    {
        var order = 0;
        while ((4096L << order) < pageBytes)
        {
            order++;
        }
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/buddyinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
        long blocks = 0;
        foreach (var line in lines)
        {
            // "Node 0, zone   Normal    596    598 ... 203": the counts of orders 0, 1, ... after the zone's name.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var zone = Array.IndexOf(fields, "zone");
            if (zone < 0 || zone + 1 >= fields.Length || fields[zone + 1] == "DMA")
            {
                continue;
            }
            for (var i = zone + 2 + order; i < fields.Length; i++)
            {
                if (long.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
                {
                    blocks += count << (i - zone - 2 - order);
                }
            }
        }
        return blocks;
    }

    /// <summary>A sentence for a message: how many such blocks are free and how many were needed.</summary>
    public static string Describe(long free, long needed, long pageBytes) =>
        $"memory is too fragmented: /proc/buddyinfo shows {free} free blocks of {pageBytes >> 20} MiB and the segment needs {needed} more, " +
        "and getting them would make the kernel compact memory, which stalls for seconds";
}
