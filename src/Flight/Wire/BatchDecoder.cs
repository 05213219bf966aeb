using Apache.Arrow;
using Apache.Arrow.Types;

namespace SharedTyped.Flight;

/// <summary>
/// Finds the element bytes inside a received record batch. Every length, offset and buffer size is
/// checked against the description first, so a batch that lies about them is refused instead of
/// leading a copy past a buffer's end.
/// </summary>
internal static class BatchDecoder
{
    /// <summary>The bytes of the batch's rows: exactly rows × row bytes of them.</summary>
    public static ReadOnlySpan<byte> Payload(RecordBatch batch, ArrayDescription array, string source)
    {
        if (batch.ColumnCount != 1)
        {
            throw Refuse(array, source, $"a batch has {batch.ColumnCount} columns");
        }
        var column = batch.Column(0);
        if (column.Length != batch.Length)
        {
            throw Refuse(array, source, $"a batch of {batch.Length} rows has a column of {column.Length}");
        }
        var rows = batch.Length;
        long[] listSizes = array.IsTensor ? [array.RowElements, .. ElementLevels(array)] : ElementLevels(array);
        var (buffer, start, length) = Leaf(Unwrap(column), 0, rows, array, source, listSizes);
        var expected = checked(rows * array.RowBytes);
        if (length != expected)
        {
            throw Refuse(array, source, $"a batch of {rows} rows carries {length} bytes, expected {expected}");
        }
        return buffer.Span.Slice(checked((int)start), checked((int)length));
    }

    /// <summary>The fixed-size-list levels below a row: one of 2 for complex elements, none otherwise.</summary>
    private static long[] ElementLevels(ArrayDescription array) => ArrowElement.LeavesPerElement(array.Code) == 2 ? [2] : [];

    private static IArrowArray Unwrap(IArrowArray array)
    {
        while (array is ExtensionArray extension)
        {
            array = extension.Storage;
        }
        return array;
    }

    /// <summary>
    /// Descends through the list levels to the leaf buffer of items [<paramref name="first"/>,
    /// <paramref name="first"/> + <paramref name="count"/>) of <paramref name="level"/>.
    /// </summary>
    private static (ReadOnlyMemory<byte> Buffer, long Start, long Length) Leaf(IArrowArray level, long first, long count,
        ArrayDescription array, string source, ReadOnlySpan<long> listSizes)
    {
        if (level.NullCount != 0)
        {
            throw Refuse(array, source, "a batch has null elements");
        }
        if (first < 0 || count < 0 || first + count > level.Length || level.Offset < 0)
        {
            throw Refuse(array, source, $"a batch addresses items {first}..{first + count} of a level of {level.Length}");
        }
        if (listSizes.Length > 0)
        {
            if (level is not FixedSizeListArray list || ((FixedSizeListType)list.Data.DataType).ListSize != listSizes[0])
            {
                throw Refuse(array, source, $"a batch's column is {level.Data.DataType.Name}, not a list of {listSizes[0]}");
            }
            var size = listSizes[0];
            return Leaf(Unwrap(list.Values), checked((level.Offset + first) * size), checked(count * size), array, source, listSizes[1..]);
        }
        var width = level.Data.DataType switch
        {
            FixedSizeBinaryType binary => binary.ByteWidth,
            FixedWidthType fixedWidth when fixedWidth.BitWidth % 8 == 0 => fixedWidth.BitWidth / 8,
            var other => throw Refuse(array, source, $"a batch's values are {other.Name}, which has no byte width"),
        };
        if (level.Data.Buffers.Length < 2)
        {
            throw Refuse(array, source, "a batch's values have no data buffer");
        }
        var buffer = level.Data.Buffers[1].Memory;
        var start = checked((level.Offset + first) * width);
        var length = checked(count * width);
        if (start + length > buffer.Length)
        {
            throw Refuse(array, source, $"a batch claims {count} values of {width} bytes but its buffer holds {buffer.Length} bytes");
        }
        return (buffer, start, length);
    }

    private static SharedArrayFlightException Refuse(ArrayDescription array, string source, string what) =>
        new($"{source} sent an invalid stream for {array.Subject}: {what}.");
}
