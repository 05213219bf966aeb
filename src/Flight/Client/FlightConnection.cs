using System.Net.Http;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace SharedTyped.Flight;

/// <summary>A gRPC channel to one Flight server and the headers every call carries.</summary>
internal sealed class FlightConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public FlightConnection(Uri server, FlightConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        Address = Normalize(server);
        Source = $"Flight server {Address}";
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = null,
            HttpHandler = new SocketsHttpHandler
            {
                // Large windows keep a big transfer streaming instead of waiting for window updates.
                InitialHttp2StreamWindowSize = 16 << 20,
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            },
            DisposeHttpClient = true,
        });
        Client = new FlightClient(_channel);
        Headers = [];
        if (options.Token is { } token)
        {
            Headers.Add("authorization", $"Bearer {token}");
        }
    }

    public Uri Address { get; }

    /// <summary><c>Flight server http://host:port/</c>, for messages.</summary>
    public string Source { get; }

    public FlightClient Client { get; }

    public Metadata Headers { get; }

    public void Dispose() => _channel.Dispose();

    /// <summary>Flight's own schemes (<c>grpc://</c>, <c>grpc+tcp://</c>, <c>grpc+tls://</c>) as the HTTP/2 addresses gRPC dials.</summary>
    private static Uri Normalize(Uri server) => server.Scheme switch
    {
        "http" or "https" => server,
        "grpc" or "grpc+tcp" => new UriBuilder(server) { Scheme = "http", Port = server.Port }.Uri,
        "grpc+tls" => new UriBuilder(server) { Scheme = "https", Port = server.Port }.Uri,
        _ => throw new ArgumentException($"Flight server address '{server}' has scheme '{server.Scheme}'; expected grpc, grpc+tcp, grpc+tls, http or https.", nameof(server)),
    };
}
