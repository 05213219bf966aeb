using Apache.Arrow.Flight;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Reads the record batches of one array from a Flight stream into a staging buffer: the rows must add
/// up to exactly the described shape, no batch may reach past it, and a stream that breaks off or
/// turns malformed is reported with how far it got.
/// </summary>
internal static class ArrayReceiver
{
    public static async Task ReceiveAsync(FlightRecordBatchStreamReader reader, ArrayDescription array, StagingBuffer staging,
        string source, Action<long>? progress, CancellationToken cancellationToken)
    {
        long rows = 0;
        while (await NextAsync(reader, array, source, rows, cancellationToken).ConfigureAwait(false))
        {
            using var batch = reader.Current;
            if (batch.Length > array.Rows - rows)
            {
                throw new SharedArrayFlightException(
                    $"{source} sent more rows than {array.Subject} has: a batch of {batch.Length} after {rows} of {array.Rows}.");
            }
            var payload = BatchDecoder.Payload(batch, array, source);
            payload.CopyTo(staging.Slice(rows * array.RowBytes, payload.Length));
            rows += batch.Length;
            progress?.Invoke(rows * array.RowBytes);
        }
        if (rows != array.Rows)
        {
            throw new SharedArrayFlightException(
                $"{source} ended the stream of {array.Subject} after {rows} of {array.Rows} rows ({rows * array.RowBytes} of {array.DataBytes} bytes).");
        }
    }

    private static async Task<bool> NextAsync(FlightRecordBatchStreamReader reader, ArrayDescription array, string source, long rows,
        CancellationToken cancellationToken)
    {
        try
        {
            return await reader.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException e)
        {
            throw new SharedArrayFlightException(
                $"The transfer of {array.Subject} from {source} broke off after {rows * array.RowBytes} of {array.DataBytes} bytes: {FlightErrors.Describe(e)}.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Arrow's reader throws whatever a malformed message makes it trip over.
            throw new SharedArrayFlightException(
                $"{source} sent a malformed stream for {array.Subject} after {rows * array.RowBytes} of {array.DataBytes} bytes: {e.Message}", e);
        }
    }
}
