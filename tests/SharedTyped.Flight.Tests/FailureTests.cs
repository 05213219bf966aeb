using SharedTyped.Flight.Tests.Infrastructure;
using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>A pull that fails half way, or that a lying server feeds, leaves nothing and says what happened.</summary>
public sealed class FailureTests(FailureTests.LyingHost liar) : IDisposable, IClassFixture<FailureTests.LyingHost>
{
    /// <summary>One lying server for the class: the name pulled picks the lie.</summary>
    public sealed class LyingHost : IDisposable
    {
        internal FlightPeer Server { get; } = FlightPeer.Lying();

        public void Dispose() => Server.Dispose();
    }

    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");
    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");

    private PullOptions IntoLocal => new() { Create = new CreateOptions { Directory = _local.Path } };

    [Fact]
    public async Task A_server_killed_mid_stream_leaves_no_local_segment_and_a_clear_exception()
    {
        var name = UniqueNames.NewInPrivateDirectory("killed");
        // 128 MiB: far more than the HTTP/2 windows hold, so most of it is still unsent when the server dies.
        using var remote = SharedArray.Create<double>(name, [16384, 1024], 1.5, new CreateOptions { Directory = _remote.Path });
        using var server = FlightPeer.Serve(_remote.Path);
        var received = 0L;
        var e = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<double>(server.Address, name, IntoLocal with
        {
            Progress = p =>
            {
                if (received == 0)
                {
                    server.Kill();
                }
                received = p.BytesReceived;
            },
        }));
        Assert.Contains($"The transfer of Shared array '{name}' (float64, shape (16384, 1024)) from Flight server {server.Address} broke off after", e.Message);
        Assert.Contains("of 134217728 bytes", e.Message);
        Assert.InRange(received, 1, 134217728 - 1);
        Assert.Empty(_local.Entries());
    }

    public static TheoryData<string, string> Lies { get; } = new()
    {
        { "Short", "ended the stream of Shared array '{0}' (float64, shape (1000,)) after 900 of 1000 rows (7200 of 8000 bytes)" },
        { "Long", "sent more rows than Shared array '{0}' (float64, shape (1000,)) has: a batch of 100 after 1000 of 1000" },
        { "ThinBuffer", "sent" },
        { "Huge", "is 9007199254740992 bytes, more than this pull accepts" },
        { "Overflow", "shape (1099511627776, 1099511627776) of float64 overflows a 64-bit size" },
        { "WrongType", "column type int32 does not hold float64 of shape (1000,)" },
        { "OtherName", "it describes '{0}-other'" },
        { "BadVersion", "a batch's app metadata is not a version" },
        { "EverChanging", "was published anew during each of 8 transfers" },
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task A_lying_server_is_refused_and_leaves_nothing(string lie, string expected)
    {
        var name = UniqueNames.NewInPrivateDirectory(lie);
        var server = liar.Server;
        var e = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<double>(server.Address, name, IntoLocal));
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, name), e.Message);
        Assert.Contains($"Flight server {server.Address}", e.Message);
        Assert.Empty(_local.Entries());
    }

    [Fact]
    public async Task A_batch_whose_buffer_is_shorter_than_its_length_is_refused_by_its_sizes()
    {
        var name = UniqueNames.NewInPrivateDirectory("ThinBuffer");
        var server = liar.Server;
        var e = await Assert.ThrowsAsync<SharedArrayFlightException>(() => SharedArrayFlight.PullAsync<double>(server.Address, name, IntoLocal));
        Assert.Matches("claims 1000 values of 8 bytes but its buffer holds \\d+ bytes|malformed stream", e.Message);
        Assert.Empty(_local.Entries());
    }

    public void Dispose()
    {
        _remote.Dispose();
        _local.Dispose();
    }
}
