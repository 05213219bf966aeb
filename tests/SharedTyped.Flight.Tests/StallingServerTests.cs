using System.Net;
using System.Net.Sockets;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Grpc.Core;
using SharedTyped.Flight.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>
/// A client against servers that stall, lie or never speak: every call ends by its deadline with an exception
/// that says so, a cancelled pull is an <see cref="OperationCanceledException"/>, a follower backs off from a
/// server that answers "unchanged" at once, and staging memory follows the bytes that arrived, not the claim.
/// </summary>
public sealed class StallingServerTests(StallingServerTests.LyingHost liar) : IDisposable, IClassFixture<StallingServerTests.LyingHost>
{
    /// <summary>One lying server for the class: the name pulled picks the lie.</summary>
    public sealed class LyingHost : IDisposable
    {
        internal FlightPeer Server { get; } = FlightPeer.Lying();

        public void Dispose() => Server.Dispose();
    }

    /// <summary>A bound for a call that hangs: far beyond the 3 s deadline the calls here get.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");

    private PullOptions Quick => new()
    {
        Create = new CreateOptions { Directory = _local.Path },
        Connection = new FlightConnectionOptions { CallTimeout = TimeSpan.FromSeconds(3) },
    };

    public static TheoryData<string, string> Stalls { get; } = new()
    {
        { "StallBeforeSchema", "Pulling shared array '{0}' from Flight server {1}: no answer within the call's deadline (DeadlineExceeded; FlightConnectionOptions.CallTimeout)." },
        { "StallMidStream", "The transfer of Shared array '{0}' (float64, shape (1000,)) from Flight server {1} broke off after 4000 of 8000 bytes: no answer within the call's deadline" },
        { "EmptyForever", "The transfer of Shared array '{0}' (float64, shape (1000,)) from Flight server {1} broke off after 0 of 8000 bytes: no answer within the call's deadline" },
    };

    [Theory]
    [MemberData(nameof(Stalls))]
    public async Task A_stalling_server_fails_the_pull_at_its_deadline_and_leaves_nothing(string stall, string expected)
    {
        var name = UniqueNames.NewInPrivateDirectory(stall);
        var e = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<double>(liar.Server.Address, name, Quick).WaitAsync(Bound));
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, name, liar.Server.Address), e.Message);
        Assert.Empty(_local.Entries());
    }

    [Fact]
    public async Task A_listener_that_accepts_and_never_speaks_http2_fails_every_call_at_its_deadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Add(await listener.AcceptSocketAsync(stop.Token));
            }
        });
        try
        {
            var server = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            var pull = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<double>(server, "mute", Quick).WaitAsync(Bound));
            Assert.Equal($"Pulling shared array 'mute' from Flight server {server}: no answer within the call's deadline (DeadlineExceeded; FlightConnectionOptions.CallTimeout).", pull.Message);
            var describe = await Assert.ThrowsAsync<SharedArrayFlightException>(() =>
                SharedArrayFlight.DescribeAsync(server, "mute", Quick.Connection).WaitAsync(Bound));
            Assert.Contains("no answer within the call's deadline", describe.Message);
            var list = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.ListAsync(server, Quick.Connection).WaitAsync(Bound));
            Assert.Contains("no answer within the call's deadline", list.Message);
            Assert.NotEmpty(accepted);
            Assert.Empty(_local.Entries());
        }
        finally
        {
            await stop.CancelAsync();
            await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
            accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_pull_cancelled_before_the_schema_is_an_operation_canceled_exception()
    {
        var name = UniqueNames.NewInPrivateDirectory("StallBeforeSchema");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var options = Quick with { Connection = new FlightConnectionOptions() };
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SharedArrayFlight.PullAsync<double>(liar.Server.Address, name, options, cancel.Token).WaitAsync(Bound));
        Assert.Equal(cancel.Token, e.CancellationToken);
        var mid = UniqueNames.NewInPrivateDirectory("StallMidStream");
        using var cancelMid = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SharedArrayFlight.PullAsync<double>(liar.Server.Address, mid, options, cancelMid.Token).WaitAsync(Bound));
        Assert.Empty(_local.Entries());
    }

    [Fact]
    public async Task A_follower_backs_off_from_a_server_that_answers_unchanged_at_once()
    {
        var name = UniqueNames.NewInPrivateDirectory("Unchanged");
        var before = await WaitsCountedAsync();
        await using (var follower = await SharedArrayFlight.FollowAsync<double>(liar.Server.Address, name, new FollowOptions
        {
            Create = new CreateOptions { Directory = _local.Path },
            WaitTimeout = TimeSpan.FromSeconds(30),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        }))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.False(follower.Completion.IsCompleted);
            Assert.Equal(7, follower.RemoteVersion);
        }
        // Pauses of 50 ms doubling to 1 s make about 10 waits in 4 s; without them, thousands.
        var waits = await WaitsCountedAsync() - before;
        Assert.InRange(waits, 1, 40);
    }

    [Fact]
    public unsafe void Staging_memory_grows_with_the_bytes_received_not_with_the_claim()
    {
        var claim = new ArrayDescription("claimed", DTypeCode.Float64, [1L << 27]);   // 1 GiB
        using var staging = StagingBuffer.For(claim);
        Assert.Equal(1L << 30, staging.Length);
        Assert.Equal(1L << 20, staging.Capacity);
        staging.Slice(0, 4096).Fill(1);
        Assert.Equal(1L << 20, staging.Capacity);
        staging.Slice(3L << 20, 4096).Fill(2);
        Assert.Equal((3L << 20) + 4096, staging.Capacity);
        staging.Slice(4L << 20, 8).Fill(3);
        Assert.Equal((6L << 20) + 8192, staging.Capacity);
        Assert.Equal(1, staging.Slice(4095, 1)[0]);
        Assert.Equal(2, staging.Slice(3L << 20, 1)[0]);
        var incomplete = Assert.Throws<InvalidOperationException>(() => staging.AsSpan<double>().Length);
        Assert.Contains("holds only", incomplete.Message);
    }

    private async Task<long> WaitsCountedAsync()
    {
        using var channel = PlainChannel.For(liar.Server.Address);
        using var call = new FlightClient(channel).DoAction(new FlightAction("count"), [], DateTime.UtcNow + Bound);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return long.Parse(call.ResponseStream.Current.Body.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _local.Dispose();
}
