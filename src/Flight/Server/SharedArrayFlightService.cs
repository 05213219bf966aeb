using System.Text;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>
/// The Flight service over one shared-memory directory: one flight per segment, named by its descriptor
/// path; the ticket is the segment name. docs/flight.md describes the schema and the actions.
/// </summary>
internal sealed partial class SharedArrayFlightService(SharedArrayFlightServerOptions options, WaitAdmission admission,
    IHostApplicationLifetime lifetime, ILogger<SharedArrayFlightService> logger) : FlightServer
{
    /// <summary>How long a put waits for a local writer of the segment before it gives up.</summary>
    private static readonly TimeSpan WriterTimeout = TimeSpan.FromSeconds(30);

    private AttachOptions Attach => new() { Directory = options.Directory };

    public override Task ListFlights(FlightCriteria request, IAsyncStreamWriter<FlightInfo> responseStream, ServerCallContext context) =>
        Guarded(async () =>
        {
            foreach (var name in SharedMemory.List(options.Directory).Order(StringComparer.Ordinal))
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
            return Stoppable(context, stopping => ServedTypes.Dispatch(array.Code, new Sender(this, name, responseStream, stopping)));
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
            await Stoppable(context, stopping => ServedTypes.Dispatch(array.Code, new Receiver(this, array, requestStream, source, stopping))).ConfigureAwait(false);
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
            using var ticket = admission.Admit(context.GetHttpContext().Connection.Id);
            var array = Describe(wait.Name);
            var result = await ServedTypes.Dispatch(array.Code,
                new Waiter(this, wait, TimeSpan.FromMilliseconds(wait.TimeoutMs), context.CancellationToken)).ConfigureAwait(false);
            await responseStream.WriteAsync(new FlightResult(WaitForVersion.Encode(result))).ConfigureAwait(false);
        });

    /// <summary>
    /// Flight's handshake: the token interceptor has admitted the call (it carries the bearer token when the
    /// server has one), so each request is answered with an empty payload; a client needs no session token.
    /// </summary>
    public override Task Handshake(IAsyncStreamReader<FlightHandshakeRequest> requestStream, IAsyncStreamWriter<FlightHandshakeResponse> responseStream,
        ServerCallContext context) =>
        Guarded(async () =>
        {
            while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(FlightHandshakeResponse.Empty).ConfigureAwait(false);
            }
        });

    /// <summary>Runs a transfer that ends when its call does or when the server stops, whichever comes first.</summary>
    private async Task Stoppable(ServerCallContext context, Func<CancellationToken, Task> transfer)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await transfer(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Stopping();
        }
    }

    private static RpcException Stopping() => new(new Status(StatusCode.Unavailable, "The server is stopping."));

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
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = options.Directory, AcceptForeignSegment = false });
        if (!ServedTypes.IsServed(info.Code))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Shared array '{name}' holds {DTypeCodes.Name(info.Code)} elements, which only a process that has the struct type can read; it is not served."));
        }
        return new ArrayDescription(name, info.Code, [.. info.Shape], info.HasSyncBlock ? info.Version : null, info.SegmentId);
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
                if (existing.Shape.SequenceEqual(array.Shape) && existing.HasSyncBlock)
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

    /// <summary>
    /// Answers with the version once it differs from the one seen, or when the timeout passes, always with
    /// the version and identity of the segment under the name then (<c>changed</c> says whether it differs). A
    /// segment replaced under the name answers with the new segment's version and <c>replaced</c>: at once when
    /// the caller names the segment it holds and the name names another one now (a replacement between two of its
    /// waits, perhaps at the same version), else when the replaced segment's waiters wake (or the timeout passes).
    /// A stopping server ends every wait at once with <c>Unavailable</c>.
    /// </summary>
    private async Task<WaitForVersion.Result> WaitAsync<T>(WaitForVersion.Request wait, TimeSpan timeout, CancellationToken callCancelled)
        where T : unmanaged
    {
        var array = SharedArray.AttachReadOnly<T>(wait.Name, Attach);
        Task? change = null;
        CancellationTokenSource? timer = null;
        try
        {
            var now = array.Version;
            if (wait.SegmentId is { } held && held != array.SegmentId)
            {
                return new WaitForVersion.Result(wait.Name, now, Changed: true, Replaced: true, array.SegmentId);
            }
            if (now == wait.SeenVersion && timeout > TimeSpan.Zero)
            {
                timer = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, lifetime.ApplicationStopping);
                timer.CancelAfter(timeout);
                var changed = array.WaitForChangeAsync(wait.SeenVersion, timer.Token).AsTask();
                change = changed;
                // The answer goes out when the timer fires whether or not the array's wait has ended by then, so the
                // timeout holds whatever that wait does; the array and the timer stay until it ends (below).
                await Task.WhenAny(changed, Task.Delay(Timeout.Infinite, timer.Token)).ConfigureAwait(false);
                if (changed.IsCompletedSuccessfully)
                {
                    now = changed.Result;
                }
                else if (lifetime.ApplicationStopping.IsCancellationRequested && !callCancelled.IsCancellationRequested)
                {
                    throw Stopping();
                }
                else if (callCancelled.IsCancellationRequested)
                {
                    throw new OperationCanceledException(callCancelled);
                }
                else if (changed is { IsFaulted: true, Exception.InnerException: { } failure } && array.IsCurrent)
                {
                    // A failure of the wait itself, not the segment replaced or removed under the name.
                    throw failure;
                }
                else
                {
                    now = array.Version;
                }
            }
            if (!array.IsCurrent)
            {
                var replacement = SharedMemory.Inspect(wait.Name, new InspectOptions { Directory = options.Directory, AcceptForeignSegment = false });
                var version = replacement.HasSyncBlock ? replacement.Version : throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Shared array '{wait.Name}' was replaced by a segment without versions (cdxcore or numpy made it)."));
                return new WaitForVersion.Result(wait.Name, version, Changed: true, Replaced: true, replacement.SegmentId);
            }
            return new WaitForVersion.Result(wait.Name, now, Changed: now != wait.SeenVersion, SegmentId: array.SegmentId);
        }
        finally
        {
            Release(array, timer, change);
        }
    }

    /// <summary>Disposes the array and the timer of a wait once the array's own wait no longer uses them.</summary>
    private static void Release<T>(ReadOnlySharedArray<T> array, CancellationTokenSource? timer, Task? change) where T : unmanaged
    {
        if (change is null || change.IsCompleted)
        {
            array.Dispose();
            timer?.Dispose();
            return;
        }
        change.ContinueWith(_ =>
        {
            array.Dispose();
            timer?.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
