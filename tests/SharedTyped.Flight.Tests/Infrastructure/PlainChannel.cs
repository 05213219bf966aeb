using System.Net.Sockets;
using Grpc.Net.Client;

namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>A plain gRPC channel to a test server, as any Flight client makes one: over its Unix socket (<c>grpc+unix:///PATH</c>) or TCP.</summary>
internal static class PlainChannel
{
    public static GrpcChannel For(Uri server, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (server.Scheme != "grpc+unix")
        {
            return GrpcChannel.ForAddress(server, options);
        }
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.AbsolutePath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        options.HttpHandler = handler;
        return GrpcChannel.ForAddress("http://localhost", options);
    }
}
