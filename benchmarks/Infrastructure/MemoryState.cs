using System.Globalization;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// The machine's memory as the kernel reports it, printed beside huge-page measurements: the load
/// average, the free blocks per order (<c>/proc/buddyinfo</c>) and the compaction and huge-page counters
/// of <c>/proc/vmstat</c> (their change over a run says whether the kernel compacted or fell back).
/// </summary>
internal static class MemoryState
{
    private static readonly string[] Counters =
    [
        "compact_stall", "compact_success", "compact_fail", "compact_migrate_scanned", "compact_free_scanned",
        "thp_file_alloc", "thp_file_fallback", "thp_fault_alloc", "thp_fault_fallback", "thp_collapse_alloc", "thp_collapse_alloc_failed",
    ];

    /// <summary>The counters of interest, now.</summary>
    public static Dictionary<string, long> Snapshot()
    {
        var values = new Dictionary<string, long>();
        foreach (var line in File.ReadLines("/proc/vmstat"))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && Array.IndexOf(Counters, parts[0]) >= 0)
            {
                values[parts[0]] = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
        return values;
    }

    /// <summary>The counters that moved since <paramref name="before"/>, as <c>name +delta</c>.</summary>
    public static string Since(Dictionary<string, long> before)
    {
        var now = Snapshot();
        var moved = Counters.Where(c => now.GetValueOrDefault(c) != before.GetValueOrDefault(c))
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c} +{now.GetValueOrDefault(c) - before.GetValueOrDefault(c)}"));
        return string.Join(", ", moved.DefaultIfEmpty("none moved"));
    }

    /// <summary>Load average, free memory, and the free blocks of 2 MiB or more per zone.</summary>
    public static string Describe()
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        var zones = File.ReadAllLines("/proc/buddyinfo")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => $"{f[3]} [{string.Join(' ', f[4..])}]");
        return $"load {string.Join(' ', load)}; MemAvailable {MemInfo("MemAvailable") >> 20} MiB; buddyinfo (orders 0-10) {string.Join("; ", zones)}; free 2 MiB blocks: {FreeHugeBlocks()}";
    }

    /// <summary>Free blocks of order ≥ 9 over the zones ordinary allocations use (all but DMA).</summary>
    public static long FreeHugeBlocks() =>
        File.ReadAllLines("/proc/buddyinfo")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 13 && f[3] != "DMA")
            .Sum(f => Enumerable.Range(9, f.Length - 4 - 9).Sum(order => long.Parse(f[4 + order], CultureInfo.InvariantCulture) << (order - 9)));

    /// <summary>A <c>/proc/meminfo</c> field in bytes.</summary>
    public static long MemInfo(string field)
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
