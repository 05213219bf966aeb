using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using Grpc.Net.Client;
using SharedTyped.Flight.Tests.Infrastructure;
using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>
/// The reading side here is the plain Apache Arrow Flight client and Arrow's own types, nothing of
/// SharedTyped (which only creates the served arrays): what works here works for pyarrow, Java or Rust.
/// </summary>
public sealed class PlainFlightClientTests(ServedHost host) : IClassFixture<ServedHost>
{
    [Fact]
    public async Task Lists_and_reads_a_rank_2_array_as_rows_of_fixed_shape_tensors()
    {
        var name = UniqueNames.NewInPrivateDirectory("interop");
        using var remote = SharedArray.Create<double>(name, [100, 3], ElementKind.Float64.Values(300), host.Remote);
        using var channel = PlainChannel.For(host.Server);
        var client = new FlightClient(channel);

        FlightInfo? listed = null;
        using (var call = client.ListFlights(new FlightCriteria(), new Metadata()))
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (call.ResponseStream.Current.Descriptor.Paths.SequenceEqual([name]))
                {
                    listed = call.ResponseStream.Current;
                }
            }
        }
        Assert.NotNull(listed);
        Assert.Equal(100, listed.TotalRecords);
        Assert.Equal(2400, listed.TotalBytes);
        Assert.Equal("float64", listed.Schema.Metadata["sharedtyped.dtype"]);
        Assert.Equal("[100,3]", listed.Schema.Metadata["sharedtyped.shape"]);
        Assert.Equal("0", listed.Schema.Metadata["sharedtyped.version"]);
        var field = Assert.Single(listed.Schema.FieldsList);
        Assert.Equal("data", field.Name);
        var tensorType = field.DataType is ExtensionType extension
            ? (extension.Name, extension.ExtensionMetadata, extension.StorageType)
            : (field.Metadata["ARROW:extension:name"], field.Metadata["ARROW:extension:metadata"], field.DataType);
        Assert.Equal("arrow.fixed_shape_tensor", tensorType.Item1);
        Assert.Equal([3], JsonDocument.Parse(tensorType.Item2).RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var storage = Assert.IsType<Apache.Arrow.Types.FixedSizeListType>(tensorType.Item3);
        Assert.Equal(3, storage.ListSize);
        Assert.IsType<Apache.Arrow.Types.DoubleType>(storage.ValueDataType);

        var info = await client.GetInfo(FlightDescriptor.CreatePathDescriptor(name), new Metadata());
        var values = new List<double>();
        using (var stream = client.GetStream(info.Endpoints.Single().Ticket, new Metadata()))
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
                var column = stream.ResponseStream.Current.Column(0);
                var rows = Assert.IsType<FixedSizeListArray>(column is ExtensionArray e ? e.Storage : column);
                values.AddRange(Assert.IsType<DoubleArray>(rows.Values).Values.ToArray());
            }
        }
        Assert.Equal(-1, ElementKind.Float64.FirstMismatch(values.ToArray()));
        Assert.Equal(300, values.Count);
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task A_16_MiB_array_streams_in_batches_of_at_most_4_MiB_and_bool_as_bool8()
    {
        var name = UniqueNames.NewInPrivateDirectory("batches");
        using var remote = SharedArray.Create<float>(name, [4096, 1024], ElementKind.Float32.Values(4096 * 1024), host.Remote);
        using var channel = PlainChannel.For(host.Server, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
        var client = new FlightClient(channel);
        var batches = 0;
        long rows = 0;
        using (var stream = client.GetStream(new FlightTicket(name), new Metadata()))
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
                var batch = stream.ResponseStream.Current;
                Assert.InRange(batch.Length * 1024L * sizeof(float), 1, 4 << 20);
                // Each batch names the version it was read at: the array's first, 0.
                Assert.Equal("0", stream.ResponseStream.ApplicationMetadata.Single().ToStringUtf8());
                rows += batch.Length;
                batches++;
            }
        }
        Assert.Equal(4096, rows);
        Assert.Equal(4, batches);
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });

        var flags = UniqueNames.NewInPrivateDirectory("flags");
        using var bools = SharedArray.Create<bool>(flags, [6], ElementKind.Bool.Values(6), host.Remote);
        using (var stream = client.GetStream(new FlightTicket(flags), new Metadata()))
        {
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
            var schema = await stream.ResponseStream.Schema;
            var field = schema.FieldsList.Single();
            Assert.Equal("arrow.bool8", field.DataType is ExtensionType e ? e.Name : field.Metadata["ARROW:extension:name"]);
            var column = stream.ResponseStream.Current.Column(0);
            var storage = Assert.IsType<Int8Array>(column is ExtensionArray ext ? ext.Storage : column);
            Assert.Equal([1, 0, 0, 1, 0, 0], storage.Values.ToArray().Select(v => (int)v));
        }
        SharedArray.Delete(flags, new DeleteOptions { Directory = host.RemoteDirectory });
    }
}
