using System.Buffers;
using Apache.Arrow.Flight;

namespace SharedTyped.Flight;

/// <summary>
/// Streams an array as record batches of bounded size, each batch's rows copied out of the mapping by a
/// consistent read and tagged with the version it saw.
/// </summary>
internal static class ArraySender
{
    public static async Task SendAsync<T>(ReadOnlySharedArray<T> array, ArrayDescription description, FlightRecordBatchStreamWriter writer,
        int maxBatchBytes, CancellationToken cancellationToken) where T : unmanaged
    {
        var encoder = new BatchEncoder(description, maxBatchBytes);
        var source = new RowSource<T>(array);
        await writer.SetupStream(encoder.Schema).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)Math.Max(1, encoder.RowsPerBatch * description.RowBytes)));
        try
        {
            for (long row = 0; row < description.Rows;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = (int)Math.Min(encoder.RowsPerBatch, description.Rows - row);
                var bytes = checked((int)(rows * description.RowBytes));
                var version = source.Read(row, rows, buffer.AsSpan(0, bytes));
                using (var batch = encoder.Encode(buffer.AsMemory(0, bytes), rows))
                {
                    await writer.WriteAsync(batch, BatchVersion.Encode(version)).ConfigureAwait(false);
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
