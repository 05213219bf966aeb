using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace SharedTyped.Flight.Peer;

/// <summary>How the lying server lies about the float64 array of 1000 elements it claims to serve under any name.</summary>
public enum Lie
{
    /// <summary>Sends 900 of the 1000 rows and ends the stream.</summary>
    Short,
    /// <summary>Sends 1100 rows.</summary>
    Long,
    /// <summary>A batch claims 1000 values but its buffer holds 100.</summary>
    ThinBuffer,
    /// <summary>Claims shape (2^30, 2^20): 8 PiB.</summary>
    Huge,
    /// <summary>Claims a shape whose size overflows 64 bits.</summary>
    Overflow,
    /// <summary>Says float64 in the metadata, sends an int32 column.</summary>
    WrongType,
    /// <summary>Describes another array than the one asked for.</summary>
    OtherName,
    /// <summary>Tags a batch with app metadata that is not a version.</summary>
    BadVersion,
    /// <summary>Tags every batch with a new version, as if the array were published during every transfer.</summary>
    EverChanging,
}

/// <summary>A Flight server that answers every DoGet with the lie it was started with (built from plain Arrow types).</summary>
internal sealed class LyingFlightService(LyingFlightService.Order order) : FlightServer
{
    private readonly Lie lie = order.Lie;

    /// <summary>The lie, as the service container holds it.</summary>
    public sealed record Order(Lie Lie);

    private const int Claimed = 1000;
    private static long _version;

    public static Task<SharedArrayFlightServer> StartAsync(SharedArrayFlightServerOptions options, Lie lie) =>
        SharedArrayFlightServer.StartAsync<LyingFlightService>(options, services => services.AddSingleton(new Order(lie)), CancellationToken.None);

    public override async Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context)
    {
        var name = ticket.Ticket.ToStringUtf8();
        long[] shape = lie switch
        {
            Lie.Huge => [1L << 30, 1L << 20],
            Lie.Overflow => [1L << 40, 1L << 40],
            _ => [Claimed],
        };
        var claimed = new ArrayDescription(lie == Lie.OtherName ? name + "-other" : name, DTypeCode.Float64, shape, version: 7);
        var schema = claimed.ToSchema();
        if (lie == Lie.WrongType)
        {
            schema = new Schema([new Field(ArrayDescription.ColumnName, Apache.Arrow.Types.Int32Type.Default, false)], schema.Metadata);
        }
        await responseStream.SetupStream(schema);
        if (lie is Lie.Huge or Lie.Overflow or Lie.WrongType or Lie.OtherName)
        {
            return;
        }
        var encoder = new BatchEncoder(new ArrayDescription(name, DTypeCode.Float64, [Claimed]), 100 * sizeof(double));
        var data = new byte[100 * sizeof(double)];
        var rows = lie switch { Lie.Short => 900, Lie.Long => 1100, _ => Claimed };
        for (var sent = 0; sent < rows; sent += 100)
        {
            var version = lie == Lie.EverChanging ? Interlocked.Increment(ref _version) : 7;
            var metadata = ByteString.CopyFromUtf8(lie == Lie.BadVersion && sent == 500 ? "seven" : version.ToString());
            using var batch = lie == Lie.ThinBuffer && sent == 0 ? ThinBatch(encoder.Schema, data) : encoder.Encode(data, 100);
            await responseStream.WriteAsync(batch, metadata);
            if (lie == Lie.ThinBuffer)
            {
                return;
            }
        }
    }

    /// <summary>A batch whose column says 1000 float64 values over a buffer of 100.</summary>
    private static RecordBatch ThinBatch(Schema schema, byte[] data)
    {
        var values = new ArrayData(Apache.Arrow.Types.DoubleType.Default, Claimed, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(data)], []);
        return new RecordBatch(schema, [ArrowArrayFactory.BuildArray(values)], Claimed);
    }
}
