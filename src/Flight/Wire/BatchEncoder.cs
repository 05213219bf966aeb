using Apache.Arrow;
using Apache.Arrow.Types;

namespace SharedTyped.Flight;

/// <summary>
/// Wraps rows of an array's bytes in Arrow record batches of the schema in docs/flight.md. The bytes
/// become the leaf buffer unchanged, so a batch carries exactly the segment's representation.
/// </summary>
internal sealed class BatchEncoder
{
    /// <summary>The most rows one batch holds when rows are empty, so a batch of nothing stays small.</summary>
    private const int MaxRowsPerBatch = 1 << 20;

    private readonly ArrayDescription _array;
    private readonly IArrowType _columnType;

    public BatchEncoder(ArrayDescription array, int maxBatchBytes)
    {
        _array = array;
        _columnType = array.ColumnType();
        Schema = array.ToSchema();
        var leaves = (long)ArrowElement.LeavesPerElement(array.Code);
        // A row never splits across batches, so a row larger than the bound travels alone.
        var rows = array.RowBytes == 0 ? MaxRowsPerBatch : Math.Max(1, maxBatchBytes / array.RowBytes);
        rows = Math.Min(rows, int.MaxValue / Math.Max(1, array.RowElements * leaves));
        RowsPerBatch = (int)Math.Clamp(rows, 1, MaxRowsPerBatch);
    }

    public Schema Schema { get; }

    public int RowsPerBatch { get; }

    /// <summary>The batch for <paramref name="rows"/> rows whose bytes are <paramref name="data"/> (rows × row bytes long).</summary>
    public RecordBatch Encode(ReadOnlyMemory<byte> data, int rows)
    {
        var elements = checked((int)(rows * _array.RowElements));
        var leafType = ArrowElement.LeafType(_array.Code);
        var leaves = checked(elements * ArrowElement.LeavesPerElement(_array.Code));
        var leaf = new ArrayData(leafType, leaves, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(data)], []);
        var element = _array.Code is DTypeCode.Complex64 or DTypeCode.Complex128
            ? new ArrayData(ArrowElement.ValueType(_array.Code), elements, 0, 0, [ArrowBuffer.Empty], [leaf])
            : leaf;
        IArrowArray column = _columnType switch
        {
            ExtensionType { StorageType: FixedSizeListType list } tensor =>
                tensor.CreateArray(ArrowArrayFactory.BuildArray(new ArrayData(list, rows, 0, 0, [ArrowBuffer.Empty], [element]))),
            ExtensionType plain => plain.CreateArray(ArrowArrayFactory.BuildArray(element)),
            _ => ArrowArrayFactory.BuildArray(element),
        };
        return new RecordBatch(Schema, [column], rows);
    }
}
