using System.Text;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>
/// The Flight service over one shared-memory directory: one flight per segment, named by its descriptor
/// path; the ticket is the segment name. docs/flight.md describes the schema and the actions.
/// </summary>
internal sealed partial class SharedArrayFlightService(SharedArrayFlightServerOptions options, ILogger<SharedArrayFlightService> logger) : FlightServer
{
    /// <summary>How long a put waits for a local writer of the segment before it gives up.</summary>
    private static readonly TimeSpan WriterTimeout = TimeSpan.FromSeconds(30);

    private AttachOptions Attach => new() { Directory = options.Directory };

    public override Task ListFlights(FlightCriteria request, IAsyncStreamWriter<FlightInfo> responseStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            foreach (var name in SharedArray.List(options.Directory).Order(StringComparer.Ordinal))
            {
                if (TryDescribe(name) is { } array)
                {
                    await responseStream.WriteAsync(Info(array)).ConfigureAwait(false);
                }
            }
        });

    public override Task<FlightInfo> GetFlightInfo(FlightDescriptor request, ServerCallContext context) =>
        Guarded(() => Task.FromResult(Info(Describe(NameOf(request)))));

    public override Task<Apache.Arrow.Schema> GetSchema(FlightDescriptor request, ServerCallContext context) =>
        Guarded(() => Task.FromResult(Describe(NameOf(request)).ToSchema()));

    public override Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context) =>
        Guarded(() =>
        {
            var name = ticket.Ticket.ToStringUtf8();
            var array = Describe(name);
            LogServing(array.Subject, context.Peer);
            return ServedTypes.Dispatch(array.Code, new Sender(this, name, responseStream, context.CancellationToken));
        });

    public override Task DoPut(FlightServerRecordBatchStreamReader requestStream, IAsyncStreamWriter<FlightPutResult> responseStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            var name = NameOf(await requestStream.FlightDescriptor.ConfigureAwait(false));
            var source = $"Flight client {context.Peer}";
            var array = ArrayDescription.FromSchema(await requestStream.Schema.ConfigureAwait(false), name, source);
            if (array.DataBytes > options.MaxPutBytes)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"{array.Subject} is {array.DataBytes} bytes, more than this server accepts in one put ({options.MaxPutBytes})."));
            }
            await ServedTypes.Dispatch(array.Code, new Receiver(this, array, requestStream, source, context.CancellationToken)).ConfigureAwait(false);
            LogPut(array.Subject, context.Peer);
            await responseStream.WriteAsync(new FlightPutResult(name)).ConfigureAwait(false);
        });

    public override Task ListActions(IAsyncStreamWriter<FlightActionType> responseStream, ServerCallContext context) =>
        responseStream.WriteAsync(new FlightActionType(WaitForVersion.ActionType, WaitForVersion.ActionDescription));

    public override Task DoAction(FlightAction request, IAsyncStreamWriter<FlightResult> responseStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            if (request.Type != WaitForVersion.ActionType)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"Unknown action '{request.Type}'; this server offers '{WaitForVersion.ActionType}'."));
            }
            var wait = WaitForVersion.Decode<WaitForVersion.Request>(request.Body,
                what => new RpcException(new Status(StatusCode.InvalidArgument, $"Action '{WaitForVersion.ActionType}': {what}.")));
            if (wait.TimeoutMs < 0 || wait.TimeoutMs > WaitForVersion.MaxTimeout.TotalMilliseconds || wait.SeenVersion < -1)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"Action '{WaitForVersion.ActionType}': timeout_ms must be 0 to {WaitForVersion.MaxTimeout.TotalMilliseconds} and seen_version -1 or more."));
            }
            var array = Describe(wait.Name);
            var result = await ServedTypes.Dispatch(array.Code,
                new Waiter(this, wait, TimeSpan.FromMilliseconds(wait.TimeoutMs), context.CancellationToken)).ConfigureAwait(false);
            await responseStream.WriteAsync(new FlightResult(WaitForVersion.Encode(result))).ConfigureAwait(false);
        });

    /// <summary>The one path component of a descriptor: the segment name.</summary>
    private static string NameOf(FlightDescriptor descriptor)
    {
        if (descriptor is not { Type: FlightDescriptorType.Path } || descriptor.Paths.Count() != 1)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A flight descriptor must be a path of one element: the segment name."));
        }
        return descriptor.Paths.Single();
    }

    /// <summary>What the segment's header says, as a flight; one this server cannot serve is refused with why.</summary>
    private ArrayDescription Describe(string name)
    {
        var info = SharedArray.Inspect(name, options.Directory, allowForeignOwner: false);
        if (!ServedTypes.IsServed(info.Code))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Shared array '{name}' holds {DTypeCodes.Name(info.Code)} elements, which only a process that has the struct type can read; it is not served."));
        }
        return new ArrayDescription(name, info.Code, [.. info.Shape], info.HasSyncBlock ? info.Version : null);
    }

    /// <summary>The description of a listed name, or null for one that is not a segment this server serves (or vanished meanwhile).</summary>
    private ArrayDescription? TryDescribe(string name)
    {
        try
        {
            return Describe(name);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or RpcException or ArgumentException)
        {
            LogSkipped(name, e.Message);
            return null;
        }
    }

    private static FlightInfo Info(ArrayDescription array) =>
        new(array.ToSchema(), FlightDescriptor.CreatePathDescriptor(array.Name),
            [new FlightEndpoint(new FlightTicket(ByteString.CopyFrom(array.Name, Encoding.UTF8)), [])],
            array.Rows, array.DataBytes);

    private static async Task Guarded(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw StatusMapping.ToRpc(e);
        }
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw StatusMapping.ToRpc(e);
        }
    }

    private async Task SendAsync<T>(string name, FlightServerRecordBatchStreamWriter writer, CancellationToken cancellationToken) where T : unmanaged
    {
        using var array = SharedArray.AttachReadOnly<T>(name, Attach);
        await ArraySender.SendAsync(array, name, writer, options.MaxBatchBytes, options.MaxSnapshotBytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveAsync<T>(ArrayDescription array, FlightServerRecordBatchStreamReader reader, string source,
        CancellationToken cancellationToken) where T : unmanaged
    {
        using var staging = StagingBuffer.For(array);
        await ArrayReceiver.ReceiveAsync(reader, array, staging, source, progress: null, cancellationToken).ConfigureAwait(false);
        Store(array, staging.AsSpan<T>());
    }

    /// <summary>
    /// Replaces the segment's contents: in place inside a write scope when it has the same type and shape
    /// (its readers see one new version and wake up), else by creating it anew in its place.
    /// </summary>
    private void Store<T>(ArrayDescription array, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (SharedArray.TryAttach<T>(array.Name, out var existing, Attach))
        {
            using (existing)
            {
                if (existing.Shape.SequenceEqual(array.Shape) && HasVersions(existing))
                {
                    using (existing.BeginWrite(WriterTimeout))
                    {
                        data.CopyTo(existing.AsSpan());
                    }
                    return;
                }
            }
        }
        SharedArray.Create<T>(array.Name, array.Shape, data, new CreateOptions { Force = true, Directory = options.Directory }).Dispose();
    }

    private static bool HasVersions<T>(SharedArray<T> array) where T : unmanaged
    {
        try
        {
            _ = array.Version;
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private async Task<WaitForVersion.Result> WaitAsync<T>(WaitForVersion.Request wait, TimeSpan timeout, CancellationToken cancellationToken)
        where T : unmanaged
    {
        using var array = SharedArray.AttachReadOnly<T>(wait.Name, Attach);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            var version = await array.WaitForChangeAsync(wait.SeenVersion, timer.Token).ConfigureAwait(false);
            return new WaitForVersion.Result(wait.Name, version, Changed: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WaitForVersion.Result(wait.Name, array.Version, Changed: false);
        }
    }

    private readonly struct Sender(SharedArrayFlightService service, string name, FlightServerRecordBatchStreamWriter writer,
        CancellationToken cancellationToken) : IElementAction<Task>
    {
        public Task Run<T>() where T : unmanaged => service.SendAsync<T>(name, writer, cancellationToken);
    }

    private readonly struct Waiter(SharedArrayFlightService service, WaitForVersion.Request wait, TimeSpan timeout,
        CancellationToken cancellationToken) : IElementAction<Task<WaitForVersion.Result>>
    {
        public Task<WaitForVersion.Result> Run<T>() where T : unmanaged => service.WaitAsync<T>(wait, timeout, cancellationToken);
    }

    private readonly struct Receiver(SharedArrayFlightService service, ArrayDescription array, FlightServerRecordBatchStreamReader reader,
        string source, CancellationToken cancellationToken) : IElementAction<Task>
    {
        public Task Run<T>() where T : unmanaged => service.ReceiveAsync<T>(array, reader, source, cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Information, "Serving {Array} to {Peer}")]
    private partial void LogServing(string array, string peer);

    [LoggerMessage(2, LogLevel.Information, "Stored {Array} put by {Peer}")]
    private partial void LogPut(string array, string peer);

    [LoggerMessage(3, LogLevel.Debug, "Not listing '{Name}': {Reason}")]
    private partial void LogSkipped(string name, string reason);
}
