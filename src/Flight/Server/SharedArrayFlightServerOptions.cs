using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SharedTyped.Flight;

/// <summary>How <see cref="SharedArrayFlightServer"/> serves a shared-memory directory.</summary>
public sealed record SharedArrayFlightServerOptions
{
    /// <summary>The port Arrow Flight examples use, taken when none is given.</summary>
    public const int DefaultPort = 8815;

    /// <summary>The address and port to listen on: loopback by default. Any other address needs a <see cref="Token"/>; port 0 picks a free one.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>
    /// The bearer token every call must carry (<c>authorization: Bearer TOKEN</c>) when set. Required to
    /// listen on anything but loopback and to allow <c>DoPut</c>.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Accept <c>DoPut</c>, which creates or replaces segments from a client's stream. Off by default.</summary>
    public bool AllowPut { get; init; }

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

    /// <summary>Throws unless these options are safe to serve with: loopback or a token, and a token for puts.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Listen);
        if (Token is { Length: 0 })
        {
            throw new ArgumentException("The bearer token is empty; give a token or none.", nameof(Token));
        }
        if (!IPAddress.IsLoopback(Listen.Address) && Token is null)
        {
            throw new ArgumentException(
                $"Listening on {Listen}, which is not a loopback address, needs a bearer token: anyone who can reach it could read every array.", nameof(Token));
        }
        if (AllowPut && Token is null)
        {
            throw new ArgumentException("Allowing DoPut needs a bearer token: puts create and replace segments.", nameof(Token));
        }
        if (MaxBatchBytes <= 0 || MaxMessageBytes <= 0 || MaxPutBytes < 0 || MaxSnapshotBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes),
                $"MaxBatchBytes ({MaxBatchBytes}) and MaxMessageBytes ({MaxMessageBytes}) must be positive, MaxPutBytes ({MaxPutBytes}) and MaxSnapshotBytes ({MaxSnapshotBytes}) not negative.");
        }
    }
}
