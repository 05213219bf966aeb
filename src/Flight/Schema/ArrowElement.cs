using Apache.Arrow;
using Apache.Arrow.Types;

namespace SharedTyped.Flight;

/// <summary>
/// How one element of each served type looks in Arrow (docs/flight.md has the table): the Arrow type of
/// an element, and the primitive "leaf" whose contiguous buffer holds the element bytes as they are in
/// the segment, so a batch is the segment's bytes with an Arrow description around them.
/// </summary>
internal static class ArrowElement
{
    /// <summary>The Arrow type of one element inside a tensor row (bool as int8 0/1, complex as a pair of floats).</summary>
    public static IArrowType ValueType(DTypeCode code) => code switch
    {
        DTypeCode.Complex64 => new FixedSizeListType(new Field("item", FloatType.Default, nullable: false), 2),
        DTypeCode.Complex128 => new FixedSizeListType(new Field("item", DoubleType.Default, nullable: false), 2),
        _ => LeafType(code),
    };

    /// <summary>The Arrow type of the column of a rank 0–1 array: the element type, with <c>arrow.bool8</c> for bool.</summary>
    public static IArrowType ColumnType(DTypeCode code) => code == DTypeCode.Bool ? Bool8Type.Default : ValueType(code);

    /// <summary>The primitive type whose buffer holds the bytes.</summary>
    public static IArrowType LeafType(DTypeCode code) => code switch
    {
        DTypeCode.Bool or DTypeCode.Int8 => Int8Type.Default,
        DTypeCode.Int16 => Int16Type.Default,
        DTypeCode.Int32 => Int32Type.Default,
        DTypeCode.Int64 or DTypeCode.DateTime64 or DTypeCode.TimeDelta64 => Int64Type.Default,
        DTypeCode.UInt16 or DTypeCode.Char => UInt16Type.Default,
        DTypeCode.UInt32 => UInt32Type.Default,
        DTypeCode.UInt64 => UInt64Type.Default,
        DTypeCode.Float16 => HalfFloatType.Default,
        DTypeCode.Float32 or DTypeCode.Complex64 => FloatType.Default,
        DTypeCode.Float64 or DTypeCode.Complex128 => DoubleType.Default,
        DTypeCode.UInt8 => UInt8Type.Default,
        DTypeCode.NativeInt => IntPtr.Size == 8 ? Int64Type.Default : Int32Type.Default,
        DTypeCode.NativeUInt => IntPtr.Size == 8 ? UInt64Type.Default : UInt32Type.Default,
        DTypeCode.Decimal => new FixedSizeBinaryType(16),
        _ => throw new NotSupportedException($"Element type {DTypeCodes.Name(code)} is not served over Flight."),
    };

    /// <summary>Leaf values per element: 2 for complex, else 1.</summary>
    public static int LeavesPerElement(DTypeCode code) => code is DTypeCode.Complex64 or DTypeCode.Complex128 ? 2 : 1;

    /// <summary>
    /// Whether two types have the same physical layout. Extension types are compared by their storage,
    /// because a reader that does not know an extension sees only its storage.
    /// </summary>
    public static bool SameLayout(IArrowType actual, IArrowType expected)
    {
        while (actual is ExtensionType ae)
        {
            actual = ae.StorageType;
        }
        while (expected is ExtensionType ee)
        {
            expected = ee.StorageType;
        }
        if (actual.TypeId != expected.TypeId)
        {
            return false;
        }
        return (actual, expected) switch
        {
            (FixedSizeListType a, FixedSizeListType e) => a.ListSize == e.ListSize && SameLayout(a.ValueDataType, e.ValueDataType),
            (FixedSizeBinaryType a, FixedSizeBinaryType e) => a.ByteWidth == e.ByteWidth,
            _ => actual is not NestedType,
        };
    }
}
