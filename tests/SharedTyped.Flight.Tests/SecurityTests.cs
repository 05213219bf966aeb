using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Grpc.Net.Client;
using SharedTyped.Flight.Tests.Infrastructure;
using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>Bearer tokens, puts, and what a server refuses to start with.</summary>
public sealed class SecurityTests : IDisposable
{
    private const string Token = "s3cret-token";
    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");
    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");

    private CreateOptions Remote => new() { Directory = _remote.Path };

    private PullOptions IntoLocal(string? token) =>
        new() { Create = new CreateOptions { Directory = _local.Path }, Connection = new FlightConnectionOptions { Token = token } };

    [Fact]
    public async Task A_request_without_the_token_is_refused()
    {
        var name = UniqueNames.NewInPrivateDirectory("guarded");
        using var remote = SharedArray.Create<int>(name, [10], ElementKind.Int32.Values(10), Remote);
        using var server = FlightPeer.Serve(_remote.Path, token: Token);

        var none = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<int>(server.Address, name, IntoLocal(null)));
        Assert.Contains($"Pulling shared array '{name}' from Flight server {server.Address}: Unauthenticated (This server needs a bearer token", none.Message);
        var wrong = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<int>(server.Address, name, IntoLocal("s3cret-tokeN")));
        Assert.Contains("Unauthenticated (The bearer token is not this server's)", wrong.Message);
        Assert.Empty(_local.Entries());

        // Every call is guarded, listing included, for any Flight client.
        using var channel = PlainChannel.For(server.Address);
        var plain = new FlightClient(channel);
        var listing = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = plain.ListFlights(new FlightCriteria(), new Metadata());
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });
        Assert.Equal(StatusCode.Unauthenticated, listing.StatusCode);

        using var pulled = await SharedArrayFlight.PullAsync<int>(server.Address, name, IntoLocal(Token));
        Assert.Equal(-1, ElementKind.Int32.FirstMismatch(pulled.AsSpan()));
    }

    [Fact]
    public async Task Puts_need_a_server_that_allows_them_and_its_token()
    {
        var name = UniqueNames.NewInPrivateDirectory("put");
        using var source = SharedArray.Create<double>(name, [300, 40], ElementKind.Float64.Values(12000), new CreateOptions { Directory = _local.Path });
        var withToken = new PushOptions { Connection = new FlightConnectionOptions { Token = Token }, MaxBatchBytes = 16 << 10 };

        using (var readOnly = FlightPeer.Serve(_remote.Path, token: Token))
        {
            var refused = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PushAsync(readOnly.Address, source.AsReadOnly(), withToken));
            Assert.Contains($"Putting Shared array '{name}' (float64, shape (300, 40)) to Flight server {readOnly.Address}: PermissionDenied (This server does not accept DoPut", refused.Message);
        }
        Assert.Empty(_remote.Entries());

        using var server = FlightPeer.Serve(_remote.Path, token: Token, allowPut: true);
        var anonymous = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PushAsync(server.Address, source.AsReadOnly()));
        Assert.Contains("Unauthenticated", anonymous.Message);
        Assert.Empty(_remote.Entries());

        await SharedArrayFlight.PushAsync(server.Address, source.AsReadOnly(), withToken);
        using var stored = SharedArray.AttachReadOnly<double>(name, [300, 40], new AttachOptions { Directory = _remote.Path });
        Assert.True(MemoryMarshal.AsBytes(source.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(stored.AsSpan())));
        var before = stored.Version;

        // The same type and shape again: written in place inside a write scope, so its readers see one new version.
        source.AsSpan().Fill(2.5);
        await SharedArrayFlight.PushAsync(server.Address, source.AsReadOnly(), withToken);
        Assert.Equal(before + 1, stored.Version);
        Assert.True(stored.AsSpan().IndexOfAnyExcept(2.5) < 0);
    }

    [Fact]
    public async Task A_lying_put_is_refused_and_leaves_nothing()
    {
        using var server = FlightPeer.Serve(_remote.Path, token: Token, allowPut: true);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {Token}" } };

        // Claims 1000 float64 and sends 900.
        var name = UniqueNames.NewInPrivateDirectory("short-put");
        var encoder = new BatchEncoder(new ArrayDescription(name, DTypeCode.Float64, [1000]), 100 * sizeof(double));
        using (var call = client.StartPut(FlightDescriptor.CreatePathDescriptor(name), headers))
        {
            var data = new byte[100 * sizeof(double)];
            for (var i = 0; i < 9; i++)
            {
                await call.RequestStream.WriteAsync(encoder.Encode(data, 100));
            }
            await call.RequestStream.CompleteAsync();
            var e = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains($"ended the stream of Shared array '{name}' (float64, shape (1000,)) after 900 of 1000 rows", e.Status.Detail);
        }

        // Claims 2^60 elements: refused before anything is allocated.
        var huge = UniqueNames.NewInPrivateDirectory("huge-put");
        using (var call = client.StartPut(FlightDescriptor.CreatePathDescriptor(huge), headers))
        {
            await call.RequestStream.SetupStream(new ArrayDescription(huge, DTypeCode.Int8, [1L << 30, 1L << 30]).ToSchema());
            var e = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Contains("1152921504606846976 bytes, more than this server accepts in one put", e.Status.Detail);
        }
        Assert.Empty(_remote.Entries());
    }

    [Fact]
    public async Task A_server_refuses_tcp_without_a_token_and_a_socket_directory_other_users_may_enter()
    {
        var open = await Assert.ThrowsAsync<ArgumentException>(() =>
            SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new IPEndPoint(IPAddress.Any, 0) }));
        Assert.Contains("Listening on TCP (0.0.0.0:0) needs a bearer token: every local user can connect to a TCP port", open.Message);
        var loopback = await Assert.ThrowsAsync<ArgumentException>(() =>
            SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), AllowPut = true }));
        Assert.Contains("Listening on TCP (127.0.0.1:0) needs a bearer token", loopback.Message);

        // A socket in a directory others may enter needs a token; the directory is left as it was.
        var shared = Path.GetDirectoryName(SocketDirectory.NewSocket())!;
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_101_101);
        var socket = Path.Combine(shared, "s");
        var reachable = await Assert.ThrowsAsync<ArgumentException>(() =>
            SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new UnixDomainSocketEndPoint(socket) }));
        Assert.Contains($"The socket directory '{shared}' (owner uid 0, mode 755) is not closed to other users", reachable.Message);
        Assert.False(File.Exists(socket));

        // A file that is not a socket is never replaced.
        var file = Path.Combine(Path.GetDirectoryName(SocketDirectory.NewSocket())!, "s");
        File.WriteAllText(file, "keep");
        var notSocket = await Assert.ThrowsAsync<IOException>(() =>
            SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new UnixDomainSocketEndPoint(file) }));
        Assert.Contains("exists and is not a socket of this user", notSocket.Message);
        Assert.Equal("keep", File.ReadAllText(file));
    }

    [Fact]
    public async Task The_socket_is_closed_to_group_and_others_and_a_second_server_on_it_is_refused()
    {
        var socket = SocketDirectory.NewSocket();
        await using var server = await SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions
        {
            Listen = new UnixDomainSocketEndPoint(socket),
            Directory = _remote.Path,
            AllowPut = true,
        });
        Assert.Equal(new Uri("grpc+unix://" + socket), server.Address);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var second = await Assert.ThrowsAsync<IOException>(() =>
            SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new UnixDomainSocketEndPoint(socket) }));
        Assert.Contains($"Another server listens on '{socket}'", second.Message);

        // Puts on a private socket need no token: only this user reaches it.
        var name = UniqueNames.NewInPrivateDirectory("private-put");
        using var source = SharedArray.Create<int>(name, [5], ElementKind.Int32.Values(5), new CreateOptions { Directory = _local.Path });
        await SharedArrayFlight.PushAsync(server.Address, source.AsReadOnly());
        using var stored = SharedArray.AttachReadOnly<int>(name, new AttachOptions { Directory = _remote.Path });
        Assert.Equal(-1, ElementKind.Int32.FirstMismatch(stored.AsSpan()));
    }

    public void Dispose()
    {
        _remote.Dispose();
        _local.Dispose();
    }
}
