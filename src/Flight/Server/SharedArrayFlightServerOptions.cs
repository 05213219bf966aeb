using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlightServer"/> serves a shared-memory directory.</summary>
public sealed record SharedArrayFlightServerOptions
{
    /// <summary>The port Arrow Flight examples use; the command line takes it for a TCP address given without a port.</summary>
    public const int DefaultPort = 8815;

    /// <summary>
    /// Where to listen: a <see cref="UnixDomainSocketEndPoint"/> or an <see cref="IPEndPoint"/> (port 0 picks a free
    /// one). <c>null</c>, the default, is the Unix socket <see cref="DefaultSocketPath"/>, which only this user (and
    /// root) can reach: its directory must be this user's and closed to everyone else unless a <see cref="Token"/>
    /// is set. Any TCP address, loopback included, needs a <see cref="Token"/>: every local user can connect to a port.
    /// </summary>
    public EndPoint? Listen { get; init; }

    /// <summary>
    /// The default listener: <c>$XDG_RUNTIME_DIR/sharedtyped/flight.sock</c> when the session has a runtime
    /// directory, else <c>/tmp/sharedtyped-UID/flight.sock</c> (created with mode 0700 when missing).
    /// </summary>
    public static string DefaultSocketPath => OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("The default Unix-socket listener needs a Unix; on Windows give Listen an IPEndPoint and a Token.")
        : UnixSocketListener.DefaultPath;

    /// <summary>
    /// The bearer token every call must carry (<c>authorization: Bearer TOKEN</c>) when set. Required on TCP and
    /// on a Unix socket whose directory other users may enter.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Accept <c>DoPut</c>, which creates or replaces segments from a client's stream. Off by default.</summary>
    public bool AllowPut { get; init; }

    /// <summary>The most <c>wait_for_version</c> calls pending at once on this server; one more is refused with <c>ResourceExhausted</c>.</summary>
    public int MaxPendingWaits { get; init; } = 256;

    /// <summary>The most <c>wait_for_version</c> calls pending at once on one client connection; one more is refused with <c>ResourceExhausted</c>.</summary>
    public int MaxPendingWaitsPerConnection { get; init; } = 16;

    /// <summary>How long a stopping server lets calls in progress finish before it ends them (pending waits end at once).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The shared-memory directory served; see <see cref="CreateOptions.Directory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>Serve over TLS with this certificate; without one, <see cref="UseTls"/> takes Kestrel's configured default certificate.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Serve over TLS with Kestrel's ordinary configuration (<c>Kestrel:Certificates:Default</c> in
    /// appsettings.json, or the <c>Kestrel__Certificates__Default__Path</c> environment variables).
    /// </summary>
    public bool UseTls { get; init; }

    /// <summary>The most element bytes one record batch of <c>DoGet</c> carries (a row larger than this travels alone).</summary>
    public int MaxBatchBytes { get; init; } = 4 << 20;

    /// <summary>
    /// Arrays up to this many bytes are copied whole by one consistent read before they are streamed, so
    /// every stream is one version however often the array is published. A larger array is read batch by
    /// batch, each batch consistent and tagged with its version, and a client retries a stream that
    /// straddles a publish.
    /// </summary>
    public long MaxSnapshotBytes { get; init; } = 64L << 20;

    /// <summary>The largest gRPC message accepted, which bounds one <c>DoPut</c> batch.</summary>
    public int MaxMessageBytes { get; init; } = 64 << 20;

    /// <summary>The largest array a <c>DoPut</c> may create; a larger claim is refused before anything is allocated.</summary>
    public long MaxPutBytes { get; init; } = 16L << 30;

    /// <summary>Where the server's and Kestrel's messages go; silent when <c>null</c>.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The endpoint listened on: <see cref="Listen"/>, or the default Unix socket.</summary>
    internal EndPoint EndPoint => Listen ?? new UnixDomainSocketEndPoint(DefaultSocketPath);

    /// <summary>Throws unless these options are safe to serve with: a token on TCP, and for puts anywhere but a private Unix socket.</summary>
    internal void Validate()
    {
        ValidateLimits();
        if (EndPoint is IPEndPoint tcp && Token is null)
        {
            throw new ArgumentException(
                $"Listening on TCP ({tcp}) needs a bearer token: every local user can connect to a TCP port, loopback included, and would read every array this server's user can. Listen on a Unix socket (the default) or give a token.", nameof(Token));
        }
        if (EndPoint is not (IPEndPoint or UnixDomainSocketEndPoint))
        {
            throw new ArgumentException($"Cannot listen on {EndPoint}: give an IPEndPoint or a UnixDomainSocketEndPoint.", nameof(Listen));
        }
    }

    /// <summary>Throws unless the token and the limits make sense, wherever the service is hosted.</summary>
    internal void ValidateLimits()
    {
        if (Token is { Length: 0 })
        {
            throw new ArgumentException("The bearer token is empty; give a token or none.", nameof(Token));
        }
        if (MaxBatchBytes <= 0 || MaxMessageBytes <= 0 || MaxPutBytes < 0 || MaxSnapshotBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes),
                $"MaxBatchBytes ({MaxBatchBytes}) and MaxMessageBytes ({MaxMessageBytes}) must be positive, MaxPutBytes ({MaxPutBytes}) and MaxSnapshotBytes ({MaxSnapshotBytes}) not negative.");
        }
        if (MaxPendingWaits <= 0 || MaxPendingWaitsPerConnection <= 0 || ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingWaits),
                $"MaxPendingWaits ({MaxPendingWaits}) and MaxPendingWaitsPerConnection ({MaxPendingWaitsPerConnection}) must be positive, ShutdownTimeout ({ShutdownTimeout}) not negative.");
        }
    }
}
