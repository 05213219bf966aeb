using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>
/// An Apache Arrow Flight server (gRPC over HTTP/2 on Kestrel) over a shared-memory directory: any Flight
/// client (pyarrow, Java, Rust, <see cref="SharedArrayFlight"/>) lists, inspects and reads its arrays,
/// and with <see cref="SharedArrayFlightServerOptions.AllowPut"/> and the token writes them.
/// </summary>
/// <example>
/// <code>
/// await using var server = await SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions());
/// Console.WriteLine(server.Address);   // http://127.0.0.1:8815/
/// </code>
/// </example>
public sealed class SharedArrayFlightServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SharedArrayFlightServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where clients reach the server, with the port actually bound.</summary>
    public Uri Address { get; }

    /// <summary>Starts serving; returns once the server listens.</summary>
    /// <exception cref="ArgumentException">The options are unsafe: a non-loopback address or puts without a token.</exception>
    public static Task<SharedArrayFlightServer> StartAsync(SharedArrayFlightServerOptions options, CancellationToken cancellationToken = default) =>
        StartAsync<SharedArrayFlightService>(options, configure: null, cancellationToken);

    /// <summary>Hosts <typeparamref name="TService"/> as this server would host its own service (tests host hostile ones).</summary>
    internal static async Task<SharedArrayFlightServer> StartAsync<TService>(SharedArrayFlightServerOptions options,
        Action<IServiceCollection>? configure, CancellationToken cancellationToken) where TService : Apache.Arrow.Flight.Server.FlightServer
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Large windows keep a big transfer streaming instead of waiting for window updates.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 8 << 20;
            kestrel.Listen(options.Listen, listen =>
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
            });
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<TokenInterceptor>();
        }).AddFlightServer<TService>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapFlightEndpoint();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = new Uri(app.Urls.First());
        var secure = options.Certificate is not null || options.UseTls;
        return new SharedArrayFlightServer(app, new UriBuilder(secure ? "https" : "http", bound.Host, bound.Port).Uri);
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C in a command), calling
    /// <paramref name="started"/> with the address once it listens.
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

    /// <summary>Stops listening and ends the calls in progress.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
