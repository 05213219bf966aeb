using System.Globalization;

namespace SharedTyped.Cli;

/// <summary>How the tool spells the things it reports: shapes, modes, owners, element types.</summary>
internal static class SegmentFacts
{
    private static readonly Lazy<Dictionary<long, string>> UserNames = new(ReadUserNames);

    /// <summary>numpy's spelling: <c>(10, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public static string Shape(IReadOnlyList<long> shape) => NumpyShape.Format(shape);

    /// <summary>The shape as a JSON array property <c>"shape": [10, 3]</c>.</summary>
    public static void WriteShape(System.Text.Json.Utf8JsonWriter json, IEnumerable<long> shape)
    {
        json.WriteStartArray("shape");
        foreach (var d in shape)
        {
            json.WriteNumberValue(d);
        }
        json.WriteEndArray();
    }

    /// <summary><c>float64</c>; an extension says so: <c>byte (SharedTyped extension)</c>.</summary>
    public static string ElementType(DTypeCode code) => DTypeCodes.Name(code);

    /// <summary>Octal permission bits, <c>0600</c>; <c>-</c> where the system has none.</summary>
    public static string Mode(int mode) =>
        mode < 0 ? "-" : Convert.ToString(mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>
    /// How much of the segment is on huge pages: <c>no</c>, or the bytes and the share,
    /// <c>yes, all 1,075,838,976 bytes</c> or <c>partly: 536,870,912 of 1,075,838,976 bytes (49.9%)</c>.
    /// </summary>
    public static string HugePages(SegmentInfo info) =>
        info.HugePageBytes <= 0 ? "no"
        : info.UsesHugePages ? string.Create(CultureInfo.InvariantCulture, $"yes, all {info.SegmentBytes:N0} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"partly: {info.HugePageBytes:N0} of {info.SegmentBytes:N0} bytes ({100.0 * info.HugePageBytes / info.SegmentBytes:0.0}%)");

    /// <summary>How long the name lives, as the holders of the segment tell it (or that the system cannot tell).</summary>
    public static string Lifetime(SegmentStat stat) => stat.ApparentLifetime switch
    {
        SegmentLifetime.LastProcessOut => $"last process out: held by {stat.Holders!.Count} process{(stat.Holders.Count == 1 ? "" : "es")} ({string.Join(", ", stat.Holders)})",
        SegmentLifetime.Persistent => "persistent: no process holds it as last-process-out, so it stays until removed",
        _ => "unknown: this system cannot tell who holds it",
    };

    /// <summary>What the sync block says: the published version, a write in progress (or abandoned), the locks.</summary>
    public static string Sync(SegmentInfo info)
    {
        if (!info.HasSyncBlock)
        {
            return "none (made by cdxcore or numpy: no versions or locks)";
        }
        var write = info.WriteAbandoned ? "a write abandoned by a writer that died (readers see it as torn until the next write)"
            : info.WriteInProgress ? "a write in progress"
            : "no write in progress";
        return string.Create(CultureInfo.InvariantCulture,
            $"version {info.Version}, {write}, write lock {(info.WriteLockHeld ? "held" : "free")}, reader/writer lock {info.ReaderWriterLock}");
    }

    /// <summary>The user name of <paramref name="uid"/>, or the number when the system has no name for it.</summary>
    public static string Owner(long uid) =>
        uid < 0 ? "-" : UserNames.Value.TryGetValue(uid, out var name) ? name : uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Names from the password file; enough for a listing, and no native call needed.</summary>
    private static Dictionary<long, string> ReadUserNames()
    {
        var names = new Dictionary<long, string>();
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                {
                    names.TryAdd(uid, fields[0]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return names;
    }
}
