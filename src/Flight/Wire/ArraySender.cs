using System.Buffers;
using Apache.Arrow.Flight;

namespace SharedTyped.Flight;

/// <summary>Streams an array as record batches of bounded size, copying each batch's rows out of the mapping.</summary>
internal static class ArraySender
{
    public static async Task SendAsync<T>(ReadOnlySharedArray<T> array, ArrayDescription description, FlightRecordBatchStreamWriter writer,
        int maxBatchBytes, CancellationToken cancellationToken) where T : unmanaged
    {
        var encoder = new BatchEncoder(description, maxBatchBytes);
        await writer.SetupStream(encoder.Schema).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)Math.Max(1, encoder.RowsPerBatch * description.RowBytes)));
        try
        {
            for (long row = 0; row < description.Rows;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = (int)Math.Min(encoder.RowsPerBatch, description.Rows - row);
                var bytes = checked((int)(rows * description.RowBytes));
                RowReader.Copy(array, row * description.RowBytes, buffer.AsSpan(0, bytes));
                using (var batch = encoder.Encode(buffer.AsMemory(0, bytes), rows))
                {
                    await writer.WriteAsync(batch).ConfigureAwait(false);
                }
                row += rows;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
