using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace SharedTyped.Flight;

/// <summary>
/// What travels in a flight's schema about one array: its name, element type and shape (docs/flight.md).
/// Built from a segment on the sending side; on the receiving side read from the wire and checked like a
/// hostile header before anything is allocated.
/// </summary>
internal sealed record ArrayDescription
{
    public const string ColumnName = "data";
    public const string FormatKey = "sharedtyped.format";
    public const string NameKey = "sharedtyped.name";
    public const string DTypeKey = "sharedtyped.dtype";
    public const string DTypeCodeKey = "sharedtyped.dtype_code";
    public const string ShapeKey = "sharedtyped.shape";
    public const string VersionKey = "sharedtyped.version";
    public const string SegmentIdKey = "sharedtyped.segment_id";
    public const string FormatVersion = "1";

    /// <summary>numpy's limit, as in a segment header: more dimensions on the wire is a lie.</summary>
    public const int MaxRank = 64;

    /// <summary>The longest segment id believed from the wire; the runtime's are at most 50 characters.</summary>
    public const int MaxSegmentIdLength = 64;

    public ArrayDescription(string name, DTypeCode code, long[] shape, long? version = null, string? segmentId = null)
    {
        Version = version;
        SegmentId = segmentId;
        Name = name;
        Code = code;
        Shape = shape;
        ItemSize = DTypeCodes.ItemSize(code);
        RowElements = 1;
        for (var i = 1; i < shape.Length; i++)
        {
            RowElements = RowElements == 0 || shape[i] == 0 ? 0 : checked(RowElements * shape[i]);
        }
        // Rows of no elements carry nothing, and Arrow has no fixed-size list of size 0: such an array
        // travels as an empty plain column, its shape in the metadata alone.
        Rows = RowElements == 0 ? 0 : shape.Length == 0 ? 1 : shape[0];
        ElementCount = Rows == 0 || RowElements == 0 ? 0 : checked(Rows * RowElements);
        DataBytes = checked(ElementCount * ItemSize);
        RowBytes = checked(RowElements * ItemSize);
    }

    public string Name { get; }
    public DTypeCode Code { get; }
    public long[] Shape { get; }
    public int ItemSize { get; }

    /// <summary>The published version when described, or null for a segment without versions (made by cdxcore or numpy).</summary>
    public long? Version { get; }

    /// <summary>
    /// The identity of the segment described (<see cref="SharedArray{T}.SegmentId"/>), or null when the sender
    /// did not say (an older server): what tells a replacement at the same version from the segment a follower holds.
    /// </summary>
    public string? SegmentId { get; }

    /// <summary>Record-batch rows: the leading extent (1 for a scalar, 0 when a row has no elements).</summary>
    public long Rows { get; }

    /// <summary>Elements per row: the product of every extent but the leading one.</summary>
    public long RowElements { get; }

    public long ElementCount { get; }
    public long DataBytes { get; }
    public long RowBytes { get; }

    /// <summary>Whether the array travels as rows of <c>arrow.fixed_shape_tensor</c>: rank 2 or more, with elements in a row.</summary>
    public bool IsTensor => Shape.Length >= 2 && RowElements > 0;

    /// <summary><c>Shared array 'prices' (float64, shape (10, 3))</c>.</summary>
    public string Subject => $"Shared array '{Name}' ({DTypeCodes.Name(Code)}, shape {Describe.Shape(Shape)})";

    /// <summary>The Arrow type of the single column.</summary>
    public IArrowType ColumnType()
    {
        if (!IsTensor)
        {
            return ArrowElement.ColumnType(Code);
        }
        if (RowElements > int.MaxValue)
        {
            throw new SharedArrayFlightException(
                $"{Subject}: a row of {RowElements} elements is more than an Arrow fixed-size list can hold ({int.MaxValue}).");
        }
        return new FixedShapeTensorType(ArrowElement.ValueType(Code), Shape[1..], (int)RowElements);
    }

    /// <summary>Whether <paramref name="other"/> describes an array of the same element type and shape.</summary>
    public bool SameArray(ArrayDescription other) => Code == other.Code && Shape.AsSpan().SequenceEqual(other.Shape);

    public Schema ToSchema()
    {
        var schema = new Schema.Builder()
            .Field(new Field(ColumnName, ColumnType(), nullable: false))
            .Metadata(FormatKey, FormatVersion)
            .Metadata(NameKey, Name)
            .Metadata(DTypeKey, DTypeCodes.Name(Code))
            .Metadata(DTypeCodeKey, ((byte)Code).ToString(CultureInfo.InvariantCulture))
            .Metadata(ShapeKey, JsonSerializer.Serialize(Shape));
        if (Version is { } version)
        {
            schema.Metadata(VersionKey, version.ToString(CultureInfo.InvariantCulture));
        }
        if (SegmentId is { Length: > 0 } segmentId)
        {
            schema.Metadata(SegmentIdKey, segmentId);
        }
        return schema.Build();
    }

    /// <summary>
    /// Reads a description from a schema that came over the wire, checking every field against the
    /// others and against the limits before it is believed.
    /// </summary>
    /// <param name="schema">The schema as received.</param>
    /// <param name="expectedName">The array the caller asked for; a schema naming another is refused.</param>
    /// <param name="source">Who sent it, for messages: <c>Flight server http://…</c>.</param>
    public static ArrayDescription FromSchema(Schema schema, string expectedName, string source)
    {
        SharedArrayFlightException Refuse(string what) =>
            new($"{source} sent an invalid schema for shared array '{expectedName}': {what}.");

        var metadata = schema.Metadata ?? new Dictionary<string, string>();
        string Get(string key) => metadata.TryGetValue(key, out var value) ? value : throw Refuse($"the metadata has no '{key}'");

        if (Get(FormatKey) != FormatVersion)
        {
            throw Refuse($"format '{Get(FormatKey)}' is not '{FormatVersion}'");
        }
        if (Get(NameKey) != expectedName)
        {
            throw Refuse($"it describes '{Get(NameKey)}'");
        }
        if (!byte.TryParse(Get(DTypeCodeKey), NumberStyles.None, CultureInfo.InvariantCulture, out var rawCode)
            || !DTypeCodes.IsKnown(rawCode) || !ServedTypes.IsServed((DTypeCode)rawCode))
        {
            throw Refuse($"dtype code '{Get(DTypeCodeKey)}' is not an element type served over Flight");
        }
        var code = (DTypeCode)rawCode;
        if (Get(DTypeKey) != DTypeCodes.Name(code))
        {
            throw Refuse($"dtype '{Get(DTypeKey)}' disagrees with code {rawCode} ({DTypeCodes.Name(code)})");
        }
        var shape = ParseShape(Get(ShapeKey))
            ?? throw Refuse($"shape '{Get(ShapeKey)}' is not a list of at most {MaxRank} extents from 0 to 2^63-1");
        long? version = null;
        if (metadata.TryGetValue(VersionKey, out var versionText))
        {
            version = long.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw Refuse($"version '{versionText}' is not a non-negative integer");
        }
        if (metadata.TryGetValue(SegmentIdKey, out var segmentId) && !IsSegmentId(segmentId))
        {
            throw Refuse($"segment id '{segmentId[..Math.Min(segmentId.Length, MaxSegmentIdLength)]}' is not up to {MaxSegmentIdLength} hex digits, ':' and '-'");
        }
        ArrayDescription description;
        try
        {
            description = new ArrayDescription(expectedName, code, shape, version, segmentId);
        }
        catch (OverflowException)
        {
            throw Refuse($"shape {Describe.Shape(shape)} of {DTypeCodes.Name(code)} overflows a 64-bit size");
        }
        if (schema.FieldsList.Count != 1 || schema.FieldsList[0].Name != ColumnName)
        {
            throw Refuse($"it has {schema.FieldsList.Count} columns, expected the one column '{ColumnName}'");
        }
        IArrowType expected;
        try
        {
            expected = description.ColumnType();
        }
        catch (SharedArrayFlightException e)
        {
            throw Refuse(e.Message.TrimEnd('.'));
        }
        var actual = schema.FieldsList[0].DataType;
        if (!ArrowElement.SameLayout(actual, expected))
        {
            throw Refuse($"column type {actual.Name} does not hold {DTypeCodes.Name(code)} of shape {Describe.Shape(shape)}");
        }
        return description;
    }

    /// <summary>Whether <paramref name="text"/> may be a segment id: what the runtime makes (src/Runtime/Mapping/SegmentIds.cs), bounded.</summary>
    public static bool IsSegmentId(string text) =>
        text.Length <= MaxSegmentIdLength && text.AsSpan().IndexOfAnyExcept("0123456789abcdef:-") < 0;

    private static long[]? ParseShape(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 2 });
            if (json.RootElement.ValueKind != JsonValueKind.Array || json.RootElement.GetArrayLength() > MaxRank)
            {
                return null;
            }
            var shape = new long[json.RootElement.GetArrayLength()];
            var i = 0;
            foreach (var extent in json.RootElement.EnumerateArray())
            {
                if (extent.ValueKind != JsonValueKind.Number || !extent.TryGetInt64(out shape[i]) || shape[i] < 0)
                {
                    return null;
                }
                i++;
            }
            return shape;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
