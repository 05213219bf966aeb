using Apache.Arrow.Flight;
using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Copies shared arrays between hosts over Apache Arrow Flight: <see cref="PullAsync{T}(Uri, string, PullOptions?, CancellationToken)"/>
/// makes a local segment from an array a <see cref="SharedArrayFlightServer"/> (or any Flight server that
/// speaks the schema of docs/flight.md) serves, and <see cref="PushAsync{T}"/> sends one to a server that accepts puts.
/// </summary>
/// <example>
/// <code>
/// using var prices = await SharedArrayFlight.PullAsync&lt;double&gt;(new Uri("http://loader:8815"), "prices",
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
    /// <exception cref="SharedArrayFlightException">The server refused, broke off, sent something that does not describe the array, or did not answer within <see cref="FlightConnectionOptions.CallTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<SharedArray<T>> PullAsync<T>(Uri server, string name, PullOptions? options = null,
        CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= PullOptions.Default;
        var localName = options.LocalName ?? name;
        var create = options.Create ?? CreateOptions.Default;
        RefuseTakenName(localName, name, create);
        using var connection = new FlightConnection(server, options.Connection);
        using var snapshot = await RemoteSnapshot.FetchAsync<T>(connection, name, options.MaxBytes, options.Progress, cancellationToken)
            .ConfigureAwait(false);
        return SharedArray.Create<T>(localName, snapshot.Array.Shape, snapshot.Data.AsSpan<T>(), create);
    }

    /// <summary>
    /// Pulls <paramref name="name"/> into a local replica and keeps it current: each version the server
    /// publishes is written into the replica inside one write scope, so local readers see torn-free
    /// snapshots and their <c>WaitForChange</c> wakes as if the writer were local. Dispose the follower to stop.
    /// </summary>
    /// <exception cref="NotSupportedException">The remote segment has no versions (cdxcore or numpy made it): pull it instead.</exception>
    /// <inheritdoc cref="PullAsync{T}(Uri, string, PullOptions?, CancellationToken)"/>
    public static async Task<SharedArrayFollower<T>> FollowAsync<T>(Uri server, string name, FollowOptions? options = null,
        CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= FollowOptions.Default;
        if (options.WaitTimeout < TimeSpan.Zero || options.WaitTimeout > WaitForVersion.MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WaitTimeout, $"FollowOptions.WaitTimeout must be 0 to {WaitForVersion.MaxTimeout}.");
        }
        var localName = options.LocalName ?? name;
        var create = options.Create ?? CreateOptions.Default;
        RefuseTakenName(localName, name, create);
        var connection = new FlightConnection(server, options.Connection);
        try
        {
            using var snapshot = await RemoteSnapshot.FetchAsync<T>(connection, name, options.MaxBytes, progress: null, cancellationToken)
                .ConfigureAwait(false);
            if (snapshot.Version is not { } version)
            {
                throw new NotSupportedException(
                    $"{snapshot.Array.Subject} on {connection.Source} has no versions (cdxcore or numpy made it), so it cannot be followed; pull it instead.");
            }
            var replica = SharedArray.Create<T>(localName, snapshot.Array.Shape, snapshot.Data.AsSpan<T>(), create);
            return new SharedArrayFollower<T>(connection, name, replica, snapshot.Array, version, options);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>What the server says about <paramref name="name"/>: element type, shape, version and size.</summary>
    /// <exception cref="SharedArrayNotFoundException">The server has no such array.</exception>
    /// <exception cref="SharedArrayFlightException">The server refused, or described the array in a way that does not hold together.</exception>
    public static async Task<RemoteArrayInfo> DescribeAsync(Uri server, string name, FlightConnectionOptions? connection = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var flight = new FlightConnection(server, connection ?? FlightConnectionOptions.Default);
        FlightInfo info;
        try
        {
            info = await flight.Client.GetInfo(FlightDescriptor.CreatePathDescriptor(name), flight.Headers, flight.Deadline(), cancellationToken)
                .ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Status.Detail, e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw FlightErrors.FromRpc(e, $"Describing shared array '{name}' on {flight.Source}", name);
        }
        return RemoteArrayInfo.From(ArrayDescription.FromSchema(info.Schema, name, flight.Source));
    }

    /// <summary>The arrays the server serves, by name; an entry that does not hold together is refused as a whole.</summary>
    /// <exception cref="SharedArrayFlightException">The server refused, or listed an array in a way that does not hold together.</exception>
    public static async Task<IReadOnlyList<RemoteArrayInfo>> ListAsync(Uri server, FlightConnectionOptions? connection = null,
        CancellationToken cancellationToken = default)
    {
        using var flight = new FlightConnection(server, connection ?? FlightConnectionOptions.Default);
        var arrays = new List<RemoteArrayInfo>();
        try
        {
            using var call = flight.Client.ListFlights(new FlightCriteria(), flight.Headers, flight.Deadline(), cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var info = call.ResponseStream.Current;
                var name = info.Descriptor?.Paths.Count() == 1 ? info.Descriptor.Paths.Single() : null;
                if (name is null || arrays.Count >= MaxListed)
                {
                    throw new SharedArrayFlightException(name is null
                        ? $"{flight.Source} listed a flight whose descriptor is not one segment name."
                        : $"{flight.Source} listed more than {MaxListed} arrays.");
                }
                arrays.Add(RemoteArrayInfo.From(ArrayDescription.FromSchema(info.Schema, name, flight.Source)));
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Status.Detail, e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw FlightErrors.FromRpc(e, $"Listing the arrays of {flight.Source}");
        }
        return arrays;
    }

    /// <summary>
    /// <see cref="PullAsync{T}"/> for a tool that does not know the element type: the server's description
    /// picks it. The array that arrives is checked against that type like any typed pull.
    /// </summary>
    public static async Task<ISharedArray> PullAsync(Uri server, string name, PullOptions? options = null, CancellationToken cancellationToken = default)
    {
        var info = await DescribeAsync(server, name, options?.Connection, cancellationToken).ConfigureAwait(false);
        return await ServedTypes.Dispatch(info.Code, new UntypedPull(server, name, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary><see cref="FollowAsync{T}"/> for a tool that does not know the element type: the server's description picks it.</summary>
    public static async Task<ISharedArrayFollower> FollowAsync(Uri server, string name, FollowOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var info = await DescribeAsync(server, name, options?.Connection, cancellationToken).ConfigureAwait(false);
        return await ServedTypes.Dispatch(info.Code, new UntypedFollow(server, name, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The most entries a listing may have before it is taken for a server that never stops.</summary>
    private const int MaxListed = 1_000_000;

    private readonly struct UntypedPull(Uri server, string name, PullOptions? options, CancellationToken cancellationToken)
        : IElementAction<Task<ISharedArray>>
    {
        public async Task<ISharedArray> Run<T>() where T : unmanaged =>
            await PullAsync<T>(server, name, options, cancellationToken).ConfigureAwait(false);
    }

    private readonly struct UntypedFollow(Uri server, string name, FollowOptions? options, CancellationToken cancellationToken)
        : IElementAction<Task<ISharedArrayFollower>>
    {
        public async Task<ISharedArrayFollower> Run<T>() where T : unmanaged =>
            await FollowAsync<T>(server, name, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="array"/> to a server started with puts allowed, which creates or replaces its segment of that name.</summary>
    /// <exception cref="SharedArrayFlightException">The server refused the put (no or a wrong token, puts not allowed, too large) or broke off.</exception>
    public static async Task PushAsync<T>(Uri server, ReadOnlySharedArray<T> array, PushOptions? options = null,
        CancellationToken cancellationToken = default) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        options ??= PushOptions.Default;
        var remoteName = options.RemoteName ?? array.Name;
        var description = new ArrayDescription(remoteName, ServedTypes.Require<T>(array.Name), array.Shape.ToArray());
        using var connection = new FlightConnection(server, options.Connection);
        var what = $"Putting {description.Subject} to {connection.Source}";
        try
        {
            using var call = connection.Client.StartPut(FlightDescriptor.CreatePathDescriptor(remoteName), connection.Headers,
                connection.Deadline(), cancellationToken);
            try
            {
                await ArraySender.SendAsync(array, remoteName, call.RequestStream, options.MaxBatchBytes, options.MaxSnapshotBytes, cancellationToken).ConfigureAwait(false);
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // A server that refuses the put ends the call while batches are still going out; how the
                // write broke depends on timing, so the server's status, read from the response, says why.
                await DrainAsync(call.ResponseStream, cancellationToken).ConfigureAwait(false);
                throw;
            }
            await DrainAsync(call.ResponseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(e.Status.Detail, e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw FlightErrors.FromRpc(e, what);
        }
    }

    /// <summary>Reads the server's acknowledgements to the end, which throws its status if the call failed.</summary>
    private static async Task DrainAsync<TResponse>(IAsyncStreamReader<TResponse> responses, CancellationToken cancellationToken)
    {
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            // The server acknowledges once the segment is stored.
        }
    }

    /// <summary>Fails before any transfer when the local name is taken and may not be replaced; the create at the end checks again, atomically.</summary>
    private static void RefuseTakenName(string localName, string remoteName, CreateOptions create)
    {
        if (!create.Force && SharedArray.Exists(localName, create.Directory))
        {
            throw new SharedArrayExistsException(ExistsMessage.For(localName, null, $"Pulling '{remoteName}' into it needs CreateOptions.Force."));
        }
    }
}
