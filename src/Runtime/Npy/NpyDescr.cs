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
        DTypeCode? code = (kind, size) switch
        {
            ("b", "1") => DTypeCode.Bool,
            ("i", "1") => DTypeCode.Int8,
            ("i", "2") => DTypeCode.Int16,
            ("i", "4") => DTypeCode.Int32,
            ("i", "8") => DTypeCode.Int64,
            ("u", "1") => DTypeCode.UInt8,
            ("u", "2") => DTypeCode.UInt16,
            ("u", "4") => DTypeCode.UInt32,
            ("u", "8") => DTypeCode.UInt64,
            ("f", "2") => DTypeCode.Float16,
            ("f", "4") => DTypeCode.Float32,
            ("f", "8") => DTypeCode.Float64,
            ("c", "8") => DTypeCode.Complex64,
            ("c", "16") => DTypeCode.Complex128,
            ("M", "8") => DTypeCode.DateTime64,
            ("m", "8") => DTypeCode.TimeDelta64,
            _ => null,
        };
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
        var unit = timeUnit is null ? "" : $"[{NumpySpelling(timeUnit)}]";
        return code switch
        {
            DTypeCode.Bool => "|b1",
            DTypeCode.Int8 => "|i1",
            DTypeCode.Int16 => "<i2",
            DTypeCode.Int32 => "<i4",
            DTypeCode.Int64 => "<i8",
            DTypeCode.UInt8 => "|u1",
            DTypeCode.UInt16 => "<u2",
            DTypeCode.UInt32 => "<u4",
            DTypeCode.UInt64 => "<u8",
            DTypeCode.Float16 => "<f2",
            DTypeCode.Float32 => "<f4",
            DTypeCode.Float64 => "<f8",
            DTypeCode.Complex64 => "<c8",
            DTypeCode.Complex128 => "<c16",
            DTypeCode.DateTime64 => "<M8" + unit,
            DTypeCode.TimeDelta64 => "<m8" + unit,
            // numpy has no UTF-16 code unit or pointer-sized integer; the bits are the same as these.
            DTypeCode.Char => "<u2",
            DTypeCode.NativeInt => IntPtr.Size == 8 ? "<i8" : "<i4",
            DTypeCode.NativeUInt => IntPtr.Size == 8 ? "<u8" : "<u4",
            _ => null,
        };
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
