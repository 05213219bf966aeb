using System.Net.Http;
using System.Net.Sockets;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace SharedTyped.Flight;

/// <summary>
/// A gRPC channel to one Flight server (over TCP or a Unix socket), the headers every call carries, and
/// the deadline each call gets. Callers turn a call cancelled by their token into <see cref="OperationCanceledException"/>
/// (gRPC's own option for that would report a passed deadline the same way).
/// </summary>
internal sealed class FlightConnection : IDisposable
{
    /// <summary>The most a wait's deadline adds to its own timeout.</summary>
    private static readonly TimeSpan WaitGrace = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly FlightConnectionOptions _options;

    public FlightConnection(Uri server, FlightConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var (address, socket) = Normalize(server);
        Address = server;
        Source = $"Flight server {server}";
        var handler = new SocketsHttpHandler
        {
            // Large windows keep a big transfer streaming instead of waiting for window updates.
            InitialHttp2StreamWindowSize = 16 << 20,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.CallTimeout < WaitGrace ? options.CallTimeout : WaitGrace,
            // A peer that stops answering is noticed between and during calls, not only at a deadline.
            KeepAlivePingDelay = options.KeepAliveInterval,
            KeepAlivePingTimeout = options.KeepAliveInterval,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        };
        if (socket is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            };
        }
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = null,
            HttpHandler = handler,
            DisposeHttpClient = true,
        });
        Client = new FlightClient(_channel);
        Headers = [];
        if (options.Token is { } token)
        {
            Headers.Add("authorization", $"Bearer {token}");
        }
    }

    /// <summary>The address as given.</summary>
    public Uri Address { get; }

    /// <summary><c>Flight server grpc+unix:///run/…/flight.sock</c>, for messages.</summary>
    public string Source { get; }

    public FlightClient Client { get; }

    public Metadata Headers { get; }

    /// <summary>The deadline of a call that starts now.</summary>
    public DateTime Deadline() => DateTime.UtcNow + _options.CallTimeout;

    /// <summary>The deadline of a wait of <paramref name="timeout"/> that starts now: the timeout, then a grace for the answer.</summary>
    public DateTime WaitDeadline(TimeSpan timeout) => DateTime.UtcNow + timeout + (_options.CallTimeout < WaitGrace ? _options.CallTimeout : WaitGrace);

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// Flight's own schemes as the HTTP/2 address gRPC dials: <c>grpc://</c>, <c>grpc+tcp://</c>, <c>grpc+tls://</c>,
    /// and <c>grpc+unix:///PATH</c> (also <c>unix:PATH</c>; <c>grpc+unix+tls</c> with TLS) for a Unix socket.
    /// </summary>
    private static (Uri Address, string? Socket) Normalize(Uri server) => server.Scheme switch
    {
        "http" or "https" => (server, null),
        "grpc" or "grpc+tcp" => (new UriBuilder(server) { Scheme = "http", Port = server.Port }.Uri, null),
        "grpc+tls" => (new UriBuilder(server) { Scheme = "https", Port = server.Port }.Uri, null),
        "grpc+unix" or "unix" => (new Uri("http://localhost"), SocketPath(server)),
        "grpc+unix+tls" => (new Uri("https://localhost"), SocketPath(server)),
        _ => throw new ArgumentException(
            $"Flight server address '{server}' has scheme '{server.Scheme}'; expected grpc, grpc+tcp, grpc+tls, grpc+unix, http or https.", nameof(server)),
    };

    private static string SocketPath(Uri server) =>
        server.AbsolutePath is { Length: > 1 } path && string.IsNullOrEmpty(server.Host) ? Uri.UnescapeDataString(path)
            : throw new ArgumentException($"Flight server address '{server}' names no socket: write grpc+unix:///absolute/path.", nameof(server));
}
