using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Server;
using Google.Protobuf;
using Grpc.Core;

namespace SharedTyped.Flight.Peer;

/// <summary>
/// How the lying server lies about the float64 array of 1000 elements it claims to serve: the name asked
/// for says, <c>Short-…</c>, <c>Huge-…</c> and so on.
/// </summary>
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
    /// <summary>Never sends the schema.</summary>
    StallBeforeSchema,
    /// <summary>Sends the schema and 500 rows, then nothing more.</summary>
    StallMidStream,
    /// <summary>Sends the schema, then empty batches for ever.</summary>
    EmptyForever,
    /// <summary>Serves the array truthfully at version 7 and answers every wait at once with "unchanged"; the action <c>count</c> says how many waits came.</summary>
    Unchanged,
}

/// <summary>A Flight server that answers every DoGet with the lie its ticket names (built from plain Arrow types).</summary>
internal sealed class LyingFlightService : FlightServer
{
    private const int Claimed = 1000;
    private static long _version;
    private static long _waits;

    public static Task<SharedArrayFlightServer> StartAsync(SharedArrayFlightServerOptions options) =>
        SharedArrayFlightServer.StartAsync<LyingFlightService>(options, CancellationToken.None);

    public override async Task DoAction(FlightAction request, IAsyncStreamWriter<FlightResult> responseStream, ServerCallContext context)
    {
        if (request.Type == "count")
        {
            await responseStream.WriteAsync(new FlightResult(ByteString.CopyFromUtf8(Interlocked.Read(ref _waits).ToString())));
            return;
        }
        Interlocked.Increment(ref _waits);
        var name = System.Text.Json.JsonDocument.Parse(request.Body.ToByteArray()).RootElement.GetProperty("name").GetString();
        await responseStream.WriteAsync(new FlightResult(ByteString.CopyFromUtf8($"{{\"name\": \"{name}\", \"version\": 7, \"changed\": false}}")));
    }

    public override async Task DoGet(FlightTicket ticket, FlightServerRecordBatchStreamWriter responseStream, ServerCallContext context)
    {
        var name = ticket.Ticket.ToStringUtf8();
        var lie = Enum.Parse<Lie>(name.Split('-')[0]);
        long[] shape = lie switch
        {
            Lie.Huge => [1L << 30, 1L << 20],
            _ => [Claimed],
        };
        var claimed = new ArrayDescription(lie == Lie.OtherName ? name + "-other" : name, DTypeCode.Float64, shape, version: 7);
        var schema = claimed.ToSchema();
        if (lie == Lie.Overflow)
        {
            // No description can hold this shape, so it is written into the metadata by hand.
            var metadata = schema.Metadata.ToDictionary();
            metadata[ArrayDescription.ShapeKey] = "[1099511627776,1099511627776]";
            schema = new Schema(schema.FieldsList, metadata);
        }
        if (lie == Lie.WrongType)
        {
            schema = new Schema([new Field(ArrayDescription.ColumnName, Apache.Arrow.Types.Int32Type.Default, false)], schema.Metadata);
        }
        if (lie == Lie.StallBeforeSchema)
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        await responseStream.SetupStream(schema);
        if (lie == Lie.EmptyForever)
        {
            var empty = new BatchEncoder(new ArrayDescription(name, DTypeCode.Float64, [Claimed]), 100 * sizeof(double));
            while (true)
            {
                using var nothing = empty.Encode(System.Array.Empty<byte>(), 0);
                await responseStream.WriteAsync(nothing, ByteString.CopyFromUtf8("7"));
                await Task.Delay(10, context.CancellationToken);
            }
        }
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
            if (lie == Lie.StallMidStream && sent == 400)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
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
