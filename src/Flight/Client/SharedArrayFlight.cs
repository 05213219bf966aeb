using System.Text;
using Apache.Arrow.Flight;
using Google.Protobuf;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Copies shared arrays between hosts over Apache Arrow Flight: <see cref="Pull{T}(Uri, string, PullOptions?)"/>
/// makes a local segment from an array a <see cref="SharedArrayFlightServer"/> (or any Flight server that
/// speaks the schema of docs/flight.md) serves, and <see cref="PushAsync{T}"/> sends one to a server that accepts puts.
/// </summary>
/// <example>
/// <code>
/// using var prices = SharedArrayFlight.Pull&lt;double&gt;(new Uri("http://loader:8815"), "prices",
///     new PullOptions { Connection = new FlightConnectionOptions { Token = token } });
/// </code>
/// </example>
public static class SharedArrayFlight
{
    /// <summary>
    /// Copies the remote array <paramref name="name"/> into a new local segment. The local name appears only
    /// once every byte has arrived and been checked; a pull that fails half way leaves nothing.
    /// </summary>
    /// <exception cref="SharedArrayNotFoundException">The server has no such array.</exception>
    /// <exception cref="SharedArrayMismatchException">The remote array holds another element type than <typeparamref name="T"/>.</exception>
    /// <exception cref="SharedArrayExistsException">The local name is taken and <see cref="CreateOptions.Force"/> is off.</exception>
    /// <exception cref="SharedArrayFlightException">The server refused, broke off, or sent something that does not describe the array.</exception>
    public static SharedArray<T> Pull<T>(Uri server, string name, PullOptions? options = null) where T : unmanaged =>
        PullAsync<T>(server, name, options).GetAwaiter().GetResult();

    /// <inheritdoc cref="Pull{T}(Uri, string, PullOptions?)"/>
    public static async Task<SharedArray<T>> PullAsync<T>(Uri server, string name, PullOptions? options = null,
        CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= PullOptions.Default;
        var code = CodeOf<T>(name);
        var localName = options.LocalName ?? name;
        var create = options.Create ?? CreateOptions.Default;
        if (!create.Force && SharedArray.Exists(localName, create.Directory))
        {
            throw new SharedArrayExistsException($"Shared array '{localName}' exists already; pulling '{name}' into it needs Force.");
        }
        using var connection = new FlightConnection(server, options.Connection);
        using var call = connection.Client.GetStream(Ticket(name), connection.Headers, deadline: null, cancellationToken);
        var array = await DescriptionAsync(call.ResponseStream, name, connection, cancellationToken).ConfigureAwait(false);
        if (array.Code != code)
        {
            throw new SharedArrayMismatchException(
                $"{array.Subject} on {connection.Source} holds {DTypeCodes.Name(array.Code)}; expected {Describe.TypeAndCode<T>()}.");
        }
        if (array.DataBytes > options.MaxBytes)
        {
            throw new SharedArrayFlightException(
                $"{array.Subject} on {connection.Source} is {array.DataBytes} bytes, more than this pull accepts ({options.MaxBytes}, PullOptions.MaxBytes).");
        }
        using var staging = StagingBuffer.For(array);
        var progress = options.Progress is { } report ? bytes => report(new PullProgress(bytes, array.DataBytes)) : (Action<long>?)null;
        await ArrayReceiver.ReceiveAsync(call.ResponseStream, array, staging, connection.Source, progress, cancellationToken).ConfigureAwait(false);
        return SharedArray.Create<T>(localName, array.Shape, staging.AsSpan<T>(), create);
    }

    /// <summary>Sends <paramref name="array"/> to a server started with puts allowed, which creates or replaces its segment of that name.</summary>
    /// <exception cref="SharedArrayFlightException">The server refused the put (no or a wrong token, puts not allowed, too large) or broke off.</exception>
    public static async Task PushAsync<T>(Uri server, ReadOnlySharedArray<T> array, PushOptions? options = null,
        CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        options ??= PushOptions.Default;
        var remoteName = options.RemoteName ?? array.Name;
        var description = new ArrayDescription(remoteName, CodeOf<T>(array.Name), array.Shape.ToArray());
        using var connection = new FlightConnection(server, options.Connection);
        var what = $"Putting {description.Subject} to {connection.Source}";
        try
        {
            using var call = connection.Client.StartPut(FlightDescriptor.CreatePathDescriptor(remoteName), connection.Headers,
                deadline: null, cancellationToken);
            await ArraySender.SendAsync(array, description, call.RequestStream, options.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                // The server acknowledges once the segment is stored; draining the stream surfaces its status.
            }
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
        {
            throw FlightErrors.FromRpc(e, what);
        }
    }

    private static DTypeCode CodeOf<T>(string name) where T : unmanaged =>
        ServedTypes.CodeOf<T>() ?? throw new ArgumentException(
            $"Shared array '{name}' of {Describe.TypeAndCode<T>()}: only cdxcore's element types and SharedTyped's built-in extensions travel over Flight, not other structs.");

    private static FlightTicket Ticket(string name) => new(ByteString.CopyFrom(name, Encoding.UTF8));

    /// <summary>The array the stream's schema describes, checked like a hostile header; a refused call becomes the local exception.</summary>
    private static async Task<ArrayDescription> DescriptionAsync(FlightRecordBatchStreamReader stream, string name, FlightConnection connection,
        CancellationToken cancellationToken)
    {
        Apache.Arrow.Schema schema;
        try
        {
            schema = await stream.Schema.ConfigureAwait(false);
        }
        catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
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
