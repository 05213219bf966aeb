using System.Text.RegularExpressions;

namespace SharedTyped;

/// <summary>
/// numpy's dtype strings (<c>descr</c>: <c>'&lt;f8'</c>, <c>'|b1'</c>, <c>'&lt;M8[ns]'</c>) and the element types they stand for.
/// </summary>
internal static partial class NpyDescr
{
    /// <summary>What a descr says: its element code (null when SharedTyped has none), byte order and time unit.</summary>
    public readonly record struct Parsed(DTypeCode? Code, bool BigEndian, string? TimeUnit);

    /// <summary>Reads a simple (non-structured) descr; an unknown kind yields a null code rather than an error.</summary>
    public static Parsed Parse(string descr)
    {
        var match = DescrPattern().Match(descr);
        if (!match.Success)
        {
            return new Parsed(null, false, null);
        }
        var order = match.Groups["order"].Value;
        var kind = match.Groups["kind"].Value;
        var size = match.Groups["size"].Value;
        var unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : null;
        var code = CodeOf(kind, size);
        if (unit is not null && (code is not (DTypeCode.DateTime64 or DTypeCode.TimeDelta64) || !IsTimeUnit(unit)))
        {
            code = null;
        }
        // A one-byte element has no byte order, whatever the prefix says; '=' is this machine's order.
        var bigEndian = size != "1" && (order == ">" || (order == "=" && !BitConverter.IsLittleEndian));
        return new Parsed(code, bigEndian, unit);
    }

    /// <summary>The descr numpy writes for elements of <paramref name="code"/>, or null when numpy has no such dtype.</summary>
    public static string? For(DTypeCode code, string? timeUnit)
    {
        // numpy has no UTF-16 code unit or pointer-sized integer; the table gives the dtype of the same bits.
        if (ElementTable.ByCode((byte)code) is not { NpyKind: not '\0' } row) return null;
        var size = row.Size == ElementTable.PointerSized ? IntPtr.Size : row.Size;
        var unit = timeUnit is null ? "" : $"[{NumpySpelling(timeUnit)}]";
        var order = size == 1 ? '|' : '<';
        return row.NpyKind is 'M' or 'm' ? $"{order}{row.NpyKind}{size}{unit}" : $"{order}{row.NpyKind}{size}";
    }

    /// <summary>
    /// The code of a descr's kind and size: the first row of the element table with both (so <c>u2</c> is
    /// <c>uint16</c>, not <c>char</c>, and <c>i8</c> is <c>int64</c>, not <c>nint</c>), or null.
    /// </summary>
    private static DTypeCode? CodeOf(string kind, string size)
    {
        if (kind.Length != 1 || !int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)) return null;
        foreach (var row in ElementTable.Rows)
        {
            if (row.NpyKind == kind[0] && row.Size == bytes) return (DTypeCode)row.Code;
        }
        return null;
    }

    /// <summary>
    /// The unit as numpy writes it: <c>μs</c> becomes <c>us</c>. numpy accepts <c>μs</c> when parsing a dtype, but a
    /// version 1.0/2.0 header is latin-1, which has no <c>μ</c> (U+03BC), and numpy itself always writes <c>us</c>.
    /// </summary>
    public static string NumpySpelling(string timeUnit) => timeUnit.Replace("μs", "us", StringComparison.Ordinal);

    /// <summary>numpy's datetime units, optionally with a multiplier (<c>ns</c>, <c>D</c>, <c>15m</c>).</summary>
    public static bool IsTimeUnit(string unit) => TimeUnitPattern().IsMatch(unit);

    [GeneratedRegex(@"^(?<order>[<>|=]?)(?<kind>[a-zA-Z])(?<size>\d+)(\[(?<unit>[^\]]+)\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"^([1-9]\d*)?(Y|M|W|D|h|m|s|ms|us|μs|ns|ps|fs|as)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeUnitPattern();
}
