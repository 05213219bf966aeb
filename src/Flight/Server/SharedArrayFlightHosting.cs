using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SharedTyped.Flight;

/// <summary>
/// Serves shared arrays from an application's own ASP.NET Core host (its authentication, TLS, ports and
/// health checks), as <c>AddFlightServer</c>/<c>MapFlightEndpoint</c> do for any Flight server;
/// <see cref="SharedArrayFlightServer"/> is this on a host of its own.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddSharedArrayFlight(new SharedArrayFlightServerOptions { Token = token });
/// var app = builder.Build();
/// app.MapSharedArrayFlight();
/// </code>
/// </example>
public static class SharedArrayFlightHosting
{
    /// <summary>
    /// Registers the Flight service over <paramref name="options"/>'s directory, with its bearer-token check
    /// (for the Flight service's calls only), its wait caps and its message limits. Where the host listens
    /// is the host's own configuration: <see cref="SharedArrayFlightServerOptions.Listen"/> is not used here.
    /// </summary>
    public static IServiceCollection AddSharedArrayFlight(this IServiceCollection services, SharedArrayFlightServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateLimits();
        return services.AddSharedArrayFlight<SharedArrayFlightService>(options);
    }

    /// <summary>Maps the Flight service registered by <see cref="AddSharedArrayFlight"/> (gRPC's Flight routes).</summary>
    public static IEndpointRouteBuilder MapSharedArrayFlight(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapFlightEndpoint();
        return endpoints;
    }

    /// <summary>Registers <typeparamref name="TService"/> as the Flight service (tests register hostile ones).</summary>
    internal static IServiceCollection AddSharedArrayFlight<TService>(this IServiceCollection services, SharedArrayFlightServerOptions options)
        where TService : Apache.Arrow.Flight.Server.FlightServer
    {
        services.AddSingleton(options);
        services.AddSingleton<WaitAdmission>();
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<TokenInterceptor>();
            grpc.MaxReceiveMessageSize = Math.Max(grpc.MaxReceiveMessageSize ?? 0, options.MaxMessageBytes);
        }).AddFlightServer<TService>();
        return services;
    }
}
