using System.Buffers;
using Apache.Arrow.Flight;

namespace SharedTyped.Flight;

/// <summary>
/// Streams an array as record batches of bounded size, each batch's rows copied out of the mapping by a
/// consistent read and tagged with the version it saw.
/// </summary>
internal static class ArraySender
{
    /// <summary>
    /// Sends <paramref name="array"/> under <paramref name="name"/>; the schema carries the version the transfer
    /// starts at and the identity of the segment, which is the same for every batch of the stream (one attach).
    /// </summary>
    public static async Task SendAsync<T>(ReadOnlySharedArray<T> array, string name, FlightRecordBatchStreamWriter writer,
        int maxBatchBytes, long maxSnapshotBytes, CancellationToken cancellationToken) where T : unmanaged
    {
        using var source = new RowSource<T>(array);
        source.SnapshotIfSmall(maxSnapshotBytes);
        var description = new ArrayDescription(name, ServedTypes.Require<T>(name), array.Shape.ToArray(), source.Version, array.SegmentId);
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
