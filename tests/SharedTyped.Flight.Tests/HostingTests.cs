using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SharedTyped.Flight.Tests.Infrastructure;
using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>The Flight service mounted in an application's own ASP.NET Core host, beside endpoints of its own.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");
    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");

    [Fact]
    public async Task An_application_serves_its_arrays_from_its_own_host_with_its_own_endpoints_beside()
    {
        const string token = "hosted-token";
        var socket = SocketDirectory.NewSocket();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSharedArrayFlight(new SharedArrayFlightServerOptions { Directory = _remote.Path, Token = token });
        await using var app = builder.Build();
        app.MapSharedArrayFlight();
        app.MapGet("/health", () => "ok");
        await app.StartAsync();
        try
        {
            var name = UniqueNames.NewInPrivateDirectory("hosted");
            using var remote = SharedArray.Create<float>(name, [20, 5], ElementKind.Float32.Values(100), new CreateOptions { Directory = _remote.Path });
            var server = new Uri("grpc+unix://" + socket);
            var into = new PullOptions { Create = new CreateOptions { Directory = _local.Path } };

            var refused = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<float>(server, name, into));
            Assert.Contains("Unauthenticated", refused.Message);
            using var pulled = await SharedArrayFlight.PullAsync<float>(server, name, into with { Connection = new FlightConnectionOptions { Token = token } });
            Assert.Equal(-1, ElementKind.Float32.FirstMismatch(pulled.AsSpan()));

            // The host's own endpoint answers without the Flight token: the token guards the Flight service only.
            using var client = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
                },
            })
            {
                DefaultRequestVersion = System.Net.HttpVersion.Version20,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Timeout = TimeSpan.FromSeconds(60),
            };
            Assert.Equal("ok", await client.GetStringAsync("http://localhost/health"));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public void Dispose()
    {
        _remote.Dispose();
        _local.Dispose();
    }
}
