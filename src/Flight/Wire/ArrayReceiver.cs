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
    /// <summary>Receives the whole array into <paramref name="staging"/>; returns the versions its batches were read at.</summary>
    public static async Task<ReceivedVersions> ReceiveAsync(FlightRecordBatchStreamReader reader, ArrayDescription array, StagingBuffer staging,
        string source, Action<long>? progress, CancellationToken cancellationToken)
    {
        long rows = 0;
        var versions = ReceivedVersions.None;
        while (await NextAsync(reader, array, source, rows, cancellationToken).ConfigureAwait(false))
        {
            using var batch = reader.Current;
            var version = BatchVersion.Decode(reader.ApplicationMetadata,
                what => new SharedArrayFlightException($"{source} sent an invalid stream for {array.Subject}: {what}."));
            versions = rows == 0 ? new ReceivedVersions(version, version) : versions.With(version)
                ?? throw new SharedArrayFlightException($"{source} sent an invalid stream for {array.Subject}: some batches carry a version and some do not.");
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
        return versions;
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

/// <summary>The lowest and highest version the batches of a stream were read at; both null for a segment without versions.</summary>
/// <param name="First">The lowest version.</param>
/// <param name="Last">The highest version.</param>
internal readonly record struct ReceivedVersions(long? First, long? Last)
{
    public static ReceivedVersions None => default;

    /// <summary>Whether every batch was read at one version: the stream is one snapshot.</summary>
    public bool IsSnapshot => First == Last;

    /// <summary>These versions and one more batch's; null when one of them has a version and the other not.</summary>
    public ReceivedVersions? With(long? version) => (First, version) switch
    {
        (null, null) => this,
        ({ } first, { } v) => new ReceivedVersions(Math.Min(first, v), Math.Max(Last!.Value, v)),
        _ => null,
    };
}
