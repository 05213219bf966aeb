using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>
/// An Apache Arrow Flight server (gRPC over HTTP/2 on Kestrel) over a shared-memory directory: any Flight
/// client (pyarrow, Java, Rust, <see cref="SharedArrayFlight"/>) lists, inspects and reads its arrays,
/// and with <see cref="SharedArrayFlightServerOptions.AllowPut"/> writes them. It listens on a Unix socket
/// only its user can reach unless told otherwise; <see cref="SharedArrayFlightHosting"/> mounts the same
/// service in an application's own host.
/// </summary>
/// <example>
/// <code>
/// await using var server = await SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions());
/// Console.WriteLine(server.Address);   // grpc+unix:///run/user/1000/sharedtyped/flight.sock
/// </code>
/// </example>
public sealed class SharedArrayFlightServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _socketPath;
    private int _disposed;

    private SharedArrayFlightServer(WebApplication app, Uri address, string? socketPath)
    {
        _app = app;
        Address = address;
        _socketPath = socketPath;
    }

    /// <summary>
    /// Where clients reach the server: <c>grpc+unix:///PATH</c> for a Unix socket, else <c>http://HOST:PORT/</c>
    /// (<c>https</c> with TLS) with the port actually bound.
    /// </summary>
    public Uri Address { get; }

    /// <summary>Starts serving; returns once the server listens.</summary>
    /// <exception cref="ArgumentException">The options are unsafe: TCP without a token, or a socket directory other users may enter and no token.</exception>
    /// <exception cref="IOException">Another server listens on the socket, or a file that is not this user's socket has its path.</exception>
    public static Task<SharedArrayFlightServer> StartAsync(SharedArrayFlightServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync<SharedArrayFlightService>(options, cancellationToken);

    /// <summary>Hosts <typeparamref name="TService"/> as this server would host its own service (tests host hostile ones).</summary>
    internal static async Task<SharedArrayFlightServer> StartAsync<TService>(SharedArrayFlightServerOptions options, CancellationToken cancellationToken)
        where TService : Apache.Arrow.Flight.Server.FlightServer
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endPoint = options.EndPoint;
        var socketPath = (endPoint as UnixDomainSocketEndPoint)?.ToString();
        if (socketPath is not null)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("The Unix-socket listener needs a Unix; on Windows give Listen an IPEndPoint and a Token.");
            }
            UnixSocketListener.Prepare(socketPath, options.Token is not null);
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Large windows keep a big transfer streaming instead of waiting for window updates.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 << 20;
            // A client that opens a connection and says nothing is dropped instead of held.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(30);
            void Configure(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
                else if (options.UseTls)
                {
                    listen.UseHttps();
                }
            }
            if (socketPath is not null)
            {
                kestrel.ListenUnixSocket(socketPath, Configure);
            }
            else
            {
                kestrel.Listen((IPEndPoint)endPoint, Configure);
            }
        });
        builder.Services.AddSharedArrayFlight<TService>(options);

        var app = builder.Build();
        app.MapSharedArrayFlight();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            if (socketPath is not null && !OperatingSystem.IsWindows())
            {
                UnixSocketListener.Restrict(socketPath);
            }
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var secure = options.Certificate is not null || options.UseTls;
        Uri address;
        if (socketPath is not null)
        {
            address = new Uri((secure ? "grpc+unix+tls://" : "grpc+unix://") + socketPath);
        }
        else
        {
            var bound = new Uri(app.Urls.First());
            address = new UriBuilder(secure ? "https" : "http", bound.Host, bound.Port).Uri;
        }
        return new SharedArrayFlightServer(app, address, socketPath);
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in a command), calling
    /// <paramref name="started"/> with the address once it listens; returns once stopped, within
    /// <see cref="SharedArrayFlightServerOptions.ShutdownTimeout"/> of the cancellation.
    /// </summary>
    public static async Task RunAsync(SharedArrayFlightServerOptions options, Action<Uri>? started = null, CancellationToken cancellationToken = default)
    {
        await using var server = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        started?.Invoke(server.Address);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: fall through to the orderly shutdown.
        }
    }

    /// <summary>
    /// Stops listening: pending waits end at once (<c>Unavailable</c>), transfers in progress get
    /// <see cref="SharedArrayFlightServerOptions.ShutdownTimeout"/> to finish and are then ended.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_socketPath is not null && !OperatingSystem.IsWindows())
        {
            UnixSocketListener.Remove(_socketPath);
        }
    }
}
