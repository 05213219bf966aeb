using System.Text;
using Apache.Arrow.Flight;
using Google.Protobuf;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// One whole, consistent copy of a remote array in a staging buffer: every batch read at the same
/// version. A stream whose batches straddle a publish is dropped and fetched again.
/// </summary>
internal sealed class RemoteSnapshot : IDisposable
{
    /// <summary>How many streams may straddle a publish before the pull gives up.</summary>
    public const int MaxAttempts = 8;

    private RemoteSnapshot(ArrayDescription array, StagingBuffer data, long? version)
    {
        Array = array;
        Data = data;
        Version = version;
    }

    public ArrayDescription Array { get; }

    public StagingBuffer Data { get; }

    /// <summary>The server's version of this copy, or null for a segment without versions.</summary>
    public long? Version { get; }

    public void Dispose() => Data.Dispose();

    /// <summary>Fetches a consistent copy of <paramref name="name"/>, whose elements must be <typeparamref name="T"/>.</summary>
    public static async Task<RemoteSnapshot> FetchAsync<T>(FlightConnection connection, string name, long maxBytes,
        Action<PullProgress>? progress, CancellationToken cancellationToken) where T : unmanaged
    {
        var code = ServedTypes.Require<T>(name);
        for (var attempt = 1; ; attempt++)
        {
            using var call = connection.Client.GetStream(new FlightTicket(ByteString.CopyFrom(name, Encoding.UTF8)), connection.Headers,
                connection.Deadline(), cancellationToken);
            var array = await DescriptionAsync(call.ResponseStream, name, connection, cancellationToken).ConfigureAwait(false);
            if (array.Code != code)
            {
                throw new SharedArrayMismatchException(
                    $"{array.Subject} on {connection.Source} holds {DTypeCodes.Name(array.Code)}; expected {Describe.TypeAndCode<T>()}.");
            }
            if (array.DataBytes > maxBytes)
            {
                throw new SharedArrayFlightException(
                    $"{array.Subject} on {connection.Source} is {array.DataBytes} bytes, more than this pull accepts ({maxBytes}, MaxBytes).");
            }
            var staging = StagingBuffer.For(array);
            try
            {
                var report = progress is null ? null : (Action<long>)(bytes => progress(new PullProgress(bytes, array.DataBytes)));
                var versions = await ArrayReceiver.ReceiveAsync(call.ResponseStream, array, staging, connection.Source, report, cancellationToken)
                    .ConfigureAwait(false);
                if (versions.IsSnapshot)
                {
                    return new RemoteSnapshot(array, staging, versions.First);
                }
                if (attempt == MaxAttempts)
                {
                    throw new SharedArrayFlightException(
                        $"{array.Subject} on {connection.Source} was published anew during each of {MaxAttempts} transfers (last from version {versions.First} to {versions.Last}); no consistent copy arrived.");
                }
            }
            catch
            {
                staging.Dispose();
                throw;
            }
            staging.Dispose();
        }
    }

    /// <summary>The array the stream's schema describes, checked like a hostile header; a refused call becomes the local exception.</summary>
    private static async Task<ArrayDescription> DescriptionAsync(FlightRecordBatchStreamReader stream, string name, FlightConnection connection,
        CancellationToken cancellationToken)
    {
        Apache.Arrow.Schema schema;
        try
        {
            schema = await stream.Schema.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Pulling shared array '{name}' from {connection.Source} was cancelled.", e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw FlightErrors.FromRpc(e, $"Pulling shared array '{name}' from {connection.Source}", name);
        }
        catch (Exception e) when (e is not (OperationCanceledException or RpcException))
        {
            throw new SharedArrayFlightException($"{connection.Source} sent no valid schema for shared array '{name}': {e.Message}", e);
        }
        return ArrayDescription.FromSchema(schema, name, connection.Source);
    }
}
