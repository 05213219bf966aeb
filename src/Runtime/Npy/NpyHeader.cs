using System.Buffers.Binary;
using System.Text;

namespace SharedTyped;

/// <summary>What the header of a numpy <c>.npy</c> file says; see <see cref="NpyFile.ReadHeader"/>.</summary>
/// <param name="FormatVersion">The <c>.npy</c> format version: 1.0, 2.0 or 3.0.</param>
/// <param name="Descr">numpy's dtype string, e.g. <c>&lt;f8</c> or <c>&lt;M8[ns]</c>; <c>(structured)</c> for a record dtype.</param>
/// <param name="FortranOrder">Whether the data is in Fortran (column-major) order; SharedTyped loads only C order.</param>
/// <param name="Shape">The dimensions; empty for a 0-d array.</param>
/// <param name="ElementCode">The element type the dtype maps to, or null when SharedTyped has none for it (strings, objects, records, long double).</param>
/// <param name="IsBigEndian">Whether the elements are big-endian; SharedTyped loads only little-endian files.</param>
/// <param name="TimeUnit">The unit of a <c>datetime64</c>/<c>timedelta64</c> dtype (<c>ns</c>, <c>D</c>, …), or null for the generic unit and other dtypes.</param>
/// <param name="DataOffset">Where the elements start in the file.</param>
public sealed record NpyHeader(Version FormatVersion, string Descr, bool FortranOrder, IReadOnlyList<long> Shape,
    DTypeCode? ElementCode, bool IsBigEndian, string? TimeUnit, long DataOffset)
{
    /// <summary>The six bytes every <c>.npy</c> file starts with: 0x93 then <c>NUMPY</c>.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// numpy refuses headers over 10,000 bytes unless told otherwise; anything much larger is not an
    /// array header but an attempt to make the reader allocate.
    /// </summary>
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>The number of elements (1 for a 0-d array).</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => checked(a * b));

    /// <summary>Reads and checks the header at the start of a <c>.npy</c> file or <c>.npz</c> member.</summary>
    /// <exception cref="SharedArrayFormatException">Not a <c>.npy</c> file, an unknown version, a malformed header, or data shorter than the shape needs.</exception>
    internal static NpyHeader Read(NpyBytes file, string subject)
    {
        var length = file.Length;
        Span<byte> preamble = stackalloc byte[12];
        var got = file.ReadAt(preamble, 0);
        if (got < 10 || !preamble.StartsWith(Magic))
        {
            throw Invalid(subject, "it does not start with the .npy magic string \\x93NUMPY");
        }
        var (major, minor) = (preamble[6], preamble[7]);
        if (major is not (1 or 2 or 3) || minor != 0)
        {
            throw Invalid(subject, $"format version {major}.{minor} is not one of 1.0, 2.0, 3.0");
        }
        var lengthBytes = major == 1 ? 2 : 4;
        if (got < 8 + lengthBytes)
        {
            throw Invalid(subject, "the file ends inside the preamble");
        }
        var headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        var dataOffset = 8L + lengthBytes + headerLength;
        if (headerLength > MaxHeaderLength)
        {
            throw Invalid(subject, $"the header claims {headerLength} bytes, more than the {MaxHeaderLength} accepted");
        }
        if (dataOffset > length)
        {
            throw Invalid(subject, $"the file is {length} bytes, shorter than its {dataOffset}-byte header");
        }
        var headerBytes = new byte[headerLength];
        file.ReadAt(headerBytes, 8 + lengthBytes);
        // Versions 1 and 2 write the dictionary in latin-1, version 3 in UTF-8.
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var header = Parse(text, subject, new Version(major, minor), dataOffset);
        if (header.ElementCode is { } code)
        {
            long needed;
            try
            {
                needed = checked(dataOffset + header.Length * DTypeCodes.ItemSize(code));
            }
            catch (OverflowException)
            {
                throw Invalid(subject, $"shape {Describe.Shape(header.Shape.ToArray())} of '{header.Descr}' overflows a 64-bit size");
            }
            if (needed > length)
            {
                throw new SharedArrayFormatException(
                    $"{subject} is truncated: shape {Describe.Shape(header.Shape.ToArray())} of '{header.Descr}' needs {needed} bytes, the file has {length}.");
            }
        }
        return header;
    }

    private static NpyHeader Parse(string text, string subject, Version version, long dataOffset)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw Invalid(subject, $"the header dictionary does not parse: {e.Message}");
        }
        if (literal is not Dictionary<string, object?> dict)
        {
            throw Invalid(subject, "the header is not a dictionary");
        }
        var keys = string.Join(", ", dict.Keys.Order(StringComparer.Ordinal));
        if (keys != "descr, fortran_order, shape")
        {
            throw Invalid(subject, $"the header has keys ({keys}), expected (descr, fortran_order, shape)");
        }
        if (dict["fortran_order"] is not bool fortran)
        {
            throw Invalid(subject, "'fortran_order' is not True or False");
        }
        if (dict["shape"] is not PythonLiteral.Tuple { Items: var items })
        {
            throw Invalid(subject, "'shape' is not a tuple");
        }
        var shape = new long[items.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            if (items[i] is not long d || d < 0)
            {
                throw Invalid(subject, $"dimension {i} of 'shape' is not a non-negative integer");
            }
            shape[i] = d;
        }
        if (shape.Length > SegmentLayout.MaxRank)
        {
            throw Invalid(subject, $"rank {shape.Length} exceeds the maximum of {SegmentLayout.MaxRank}");
        }
        return dict["descr"] switch
        {
            string descr when NpyDescr.Parse(descr) is var parsed =>
                new NpyHeader(version, descr, fortran, shape, parsed.Code, parsed.BigEndian, parsed.TimeUnit, dataOffset),
            List<object?> => new NpyHeader(version, "(structured)", fortran, shape, null, false, null, dataOffset),
            _ => throw Invalid(subject, "'descr' is neither a dtype string nor a list of fields"),
        };
    }

    private static SharedArrayFormatException Invalid(string subject, string what) =>
        new($"{subject} is not a valid .npy file: {what}.");
}
