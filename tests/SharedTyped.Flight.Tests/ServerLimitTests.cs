using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Google.Protobuf;
using Grpc.Core;
using SharedTyped.Flight.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>
/// What one client can make a server process do: every wait answered by its timeout, waits capped per
/// server and per connection, a handshake, and a SIGTERM that ends the server whatever is pending.
/// </summary>
public sealed class ServerLimitTests : IDisposable
{
    /// <summary>A bound for a call that hangs; no assertion depends on how long anything takes, except the 5 s a stop may take.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");

    private SharedArray<int> Published(string name, int publishes)
    {
        var array = SharedArray.Create<int>(name, [4], 0, new CreateOptions { Directory = _remote.Path });
        for (var i = 0; i < publishes; i++)
        {
            using (array.BeginWrite())
            {
                array[0] = i;
            }
        }
        return array;
    }

    private static async Task<WaitForVersion.Result> WaitAsync(FlightClient client, string name, long seen, long timeoutMs,
        Metadata? headers = null, CancellationToken cancellationToken = default, string? segmentId = null)
    {
        using var call = client.DoAction(new FlightAction(WaitForVersion.ActionType, WaitForVersion.Encode(new WaitForVersion.Request(name, seen, timeoutMs, segmentId))),
            headers ?? [], DateTime.UtcNow + Bound, cancellationToken);
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "the wait returned no result");
        return WaitForVersion.Decode<WaitForVersion.Result>(call.ResponseStream.Current.Body, what => new InvalidDataException(what));
    }

    [Fact]
    public async Task Three_hundred_waits_of_one_millisecond_are_all_answered_with_the_current_version()
    {
        var name = UniqueNames.NewInPrivateDirectory("quick-waits");
        using var array = Published(name, 3);
        using var server = FlightPeer.Serve(_remote.Path, more: ["--max-waits", "1000", "--max-waits-per-connection", "1000"]);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);

        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => WaitAsync(client, name, 3, 1))).WaitAsync(Bound);
        Assert.All(answers, a => Assert.Equal(new WaitForVersion.Result(name, 3, Changed: false, SegmentId: array.SegmentId), a));
    }

    [Fact]
    public async Task A_wait_with_timeout_zero_answers_the_current_version_honestly()
    {
        var name = UniqueNames.NewInPrivateDirectory("zero-wait");
        using var array = Published(name, 3);
        using var server = FlightPeer.Serve(_remote.Path);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);

        Assert.Equal(new WaitForVersion.Result(name, 3, Changed: true, SegmentId: array.SegmentId), await WaitAsync(client, name, 1, 0));
        Assert.Equal(new WaitForVersion.Result(name, 3, Changed: false, SegmentId: array.SegmentId), await WaitAsync(client, name, 3, 0));
        // A version the segment never had is answered the same way: the version now, changed.
        Assert.Equal(new WaitForVersion.Result(name, 3, Changed: true, SegmentId: array.SegmentId), await WaitAsync(client, name, 9, 0));
    }

    [Fact]
    public async Task A_wait_naming_a_segment_replaced_at_the_same_version_is_answered_replaced_at_once()
    {
        var name = UniqueNames.NewInPrivateDirectory("same-version-wait");
        var loader = Published(name, 0);
        using var server = FlightPeer.Serve(_remote.Path);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);
        string held;
        using (var stream = client.GetStream(new FlightTicket(name), new Metadata()))
        {
            // What a pull learns with the data: the stream's schema names the segment it was read from.
            held = (await stream.ResponseStream.Schema).Metadata["sharedtyped.segment_id"];
        }
        Assert.Equal(loader.SegmentId, held);
        loader.Dispose();
        using var replacement = SharedArray.Create<int>(name, [4], 9, new CreateOptions { Directory = _remote.Path, Force = true });
        Assert.Equal(0, replacement.Version);
        Assert.NotEqual(held, replacement.SegmentId);

        // Asked to wait a minute for a change of version 0: answered at once, since the segment is not the one held.
        Assert.Equal(new WaitForVersion.Result(name, 0, Changed: true, Replaced: true, replacement.SegmentId),
            await WaitAsync(client, name, 0, 60_000, segmentId: held));
        // The segment the name names now, at its version: a wait of its own.
        Assert.Equal(new WaitForVersion.Result(name, 0, Changed: false, SegmentId: replacement.SegmentId),
            await WaitAsync(client, name, 0, 100, segmentId: replacement.SegmentId));
        // A request without an id (an older client) is answered on versions alone, as before.
        Assert.Equal(new WaitForVersion.Result(name, 0, Changed: false, SegmentId: replacement.SegmentId), await WaitAsync(client, name, 0, 100));
    }

    [Fact]
    public async Task Two_thousand_waits_beyond_the_caps_are_refused_and_the_server_stays_bounded()
    {
        var name = UniqueNames.NewInPrivateDirectory("flood");
        using var array = Published(name, 1);
        using var server = FlightPeer.Serve(_remote.Path, more: ["--max-waits", "64", "--max-waits-per-connection", "16"]);
        // 50 calls per connection: within HTTP/2's 100 concurrent streams, so the server refuses none at that level.
        var channels = Enumerable.Range(0, 40).Select(_ => PlainChannel.For(server.Address)).ToList();
        using var leave = new CancellationTokenSource();
        var refused = 0;
        var calls = Enumerable.Range(0, 2000).Select(async i =>
        {
            try
            {
                await WaitAsync(new FlightClient(channels[i % channels.Count]), name, 1, 60_000, cancellationToken: leave.Token);
                return "answered";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Interlocked.Increment(ref refused);
                return e.Status.Detail;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                return "left";
            }
        }).ToList();
        try
        {
            // 64 waits are admitted and stay pending; every other one is refused at once.
            await Eventually.UntilAsync(() => Volatile.Read(ref refused) >= 2000 - 64);
            Assert.Equal(2000 - 64, Volatile.Read(ref refused));
            Assert.Equal(64, calls.Count(c => !c.IsCompleted));
            var threads = server.Threads;
            Assert.True(threads < 150, $"the server runs {threads} threads with 64 waits pending");
            var reasons = calls.Where(c => c.IsCompletedSuccessfully).Select(c => c.Result).ToList();
            Assert.Contains(reasons, r => r.StartsWith("This server holds 64 pending waits, its limit (MaxPendingWaits)", StringComparison.Ordinal));
        }
        finally
        {
            await leave.CancelAsync();
            await Task.WhenAll(calls).WaitAsync(Bound);
            channels.ForEach(c => c.Dispose());
        }

        // The client left: its waits are released, and a new one is admitted and answered.
        using var again = PlainChannel.For(server.Address);
        var admitted = await RetryWhileExhausted(() => WaitAsync(new FlightClient(again), name, 0, 1000));
        Assert.Equal(new WaitForVersion.Result(name, 1, Changed: true, SegmentId: array.SegmentId), admitted);
    }

    [Fact]
    public async Task One_connection_holds_at_most_its_share_of_waits()
    {
        var name = UniqueNames.NewInPrivateDirectory("one-connection");
        using var array = Published(name, 1);
        using var server = FlightPeer.Serve(_remote.Path, more: ["--max-waits-per-connection", "16"]);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);
        using var leave = new CancellationTokenSource();
        var calls = Enumerable.Range(0, 40).Select(_ => WaitAsync(client, name, 1, 60_000, cancellationToken: leave.Token)).ToList();
        try
        {
            await Eventually.UntilAsync(() => calls.Count(c => c.IsCompleted) >= 24);
            var refusals = calls.Where(c => c.IsFaulted).Select(c => Assert.IsType<RpcException>(c.Exception!.InnerException)).ToList();
            Assert.Equal(24, refusals.Count);
            Assert.All(refusals, e =>
            {
                Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
                Assert.Equal("This connection has 16 pending waits, the limit per connection (MaxPendingWaitsPerConnection); ask again later.", e.Status.Detail);
            });
        }
        finally
        {
            await leave.CancelAsync();
            await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task Sigterm_ends_a_server_with_pending_waits_within_five_seconds_and_answers_them_unavailable()
    {
        var name = UniqueNames.NewInPrivateDirectory("stopping");
        using var array = Published(name, 1);
        using var server = FlightPeer.Serve(_remote.Path);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);
        var calls = Enumerable.Range(0, 10).Select(_ => WaitAsync(client, name, 1, 60_000)).ToList();
        await Task.Delay(500);
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        Assert.True(server.Terminate(TimeSpan.FromSeconds(5)), "the server did not exit within 5 s of SIGTERM");
        foreach (var call in calls)
        {
            // A wait in the service is answered "The server is stopping."; one the stop overtook on its way in ends with the connection.
            var e = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Bound));
            Assert.True(e.StatusCode is StatusCode.Unavailable or StatusCode.Internal, e.ToString());
        }
    }

    [Fact]
    public async Task Handshake_with_the_right_token_succeeds_and_with_a_wrong_one_is_unauthenticated()
    {
        const string token = "handshake-token";
        using var server = FlightPeer.Serve(_remote.Path, token: token, tcp: true);
        Assert.Equal("http", server.Address.Scheme);
        using var channel = PlainChannel.For(server.Address);
        var client = new FlightClient(channel);

        using (var call = client.Handshake(new Metadata { { "authorization", $"Bearer {token}" } }))
        {
            await call.RequestStream.WriteAsync(new FlightHandshakeRequest(ByteString.CopyFromUtf8("hello")));
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Bound));
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Bound));
        }
        using (var call = client.Handshake(new Metadata { { "authorization", "Bearer wrong" } }))
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new FlightHandshakeRequest(ByteString.CopyFromUtf8("hello")));
                await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Bound);
            });
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }
    }

    private static async Task<T> RetryWhileExhausted<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && DateTime.UtcNow < deadline)
            {
                // The server releases a wait when it learns that its client left.
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => _remote.Dispose();
}
