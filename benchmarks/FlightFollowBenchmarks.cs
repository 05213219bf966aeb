using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using RunMode = SharedTyped.Benchmarks.Infrastructure.RunMode;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Flight;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Latency from a publish on the server's array to the follower's replica holding that version (the
/// wait action wakes, the version is fetched and written in a write scope), against the latency of a
/// local waiter's wake-up on the same publish. One operation is one publish and its arrival.
/// </summary>
[Config(typeof(FollowLatencyConfig))]
[CategoriesColumn]
public class FlightFollowBenchmarks
{
    private const string Category = "Publish to arrival, 1000x3 float64";

    private const string BenchmarkToken = "benchmark-token";
    private SharedArray<double>? _source;
    private SharedArrayFlightServer? _server;
    private SharedArrayFollower<double>? _follower;
    private readonly SemaphoreSlim _arrived = new(0);
    private long _expected;

    [GlobalSetup]
    public void Setup()
    {
        _source = SharedArray.Create<double>(Scratch.UniqueName("follow-source"), [1000, 3], fill: 1.0);
        // TCP on loopback, as between hosts (a TCP listener needs a token).
        _server = SharedArrayFlightServer.StartAsync(new SharedArrayFlightServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Token = BenchmarkToken })
            .GetAwaiter().GetResult();
        _follower = SharedArrayFlight.FollowAsync<double>(_server.Address, _source.Name, new FollowOptions
        {
            Connection = new FlightConnectionOptions { Token = BenchmarkToken },
            LocalName = Scratch.UniqueName("follow-replica"),
            Updated = update =>
            {
                if (update.RemoteVersion >= Volatile.Read(ref _expected))
                {
                    _arrived.Release();
                }
            },
        }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var replica = _follower?.Replica.Name;
        _follower?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (replica is not null)
        {
            SharedArray.Delete(replica);
        }
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_source is { } source)
        {
            var name = source.Name;
            source.Dispose();
            SharedArray.Delete(name);
        }
    }

    [Benchmark(Baseline = true, Description = "local WaitForChange wakes")]
    [BenchmarkCategory(Category)]
    public long LocalWake()
    {
        var seen = _source!.Version;
        var waiter = Task.Run(() => _source.WaitForChange(seen, Timeout.InfiniteTimeSpan, out var version) ? version : -1);
        _source.Publish();
        return waiter.GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Follow: replica holds the version")]
    [BenchmarkCategory(Category)]
    public long Follow()
    {
        Volatile.Write(ref _expected, _source!.Version + 1);
        var version = _source.Publish();
        if (!_arrived.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"Version {version} did not reach the replica.");
        }
        return version;
    }

    /// <summary>
    /// Quick mode runs once; the full run reports the median and the 99th percentile, in this process
    /// (the server runs in the measured process anyway).
    /// </summary>
    private sealed class FollowLatencyConfig : ManualConfig
    {
        public FollowLatencyConfig()
        {
            AddJob(RunMode.Quick
                ? RunMode.QuickJob
                : Job.Default
                    .WithStrategy(RunStrategy.Monitoring)
                    .WithLaunchCount(1)
                    .WithWarmupCount(20)
                    .WithIterationCount(400)
                    .WithInvocationCount(1)
                    .WithUnrollFactor(1)
                    .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
                    .WithId("Full"));
            AddColumn(StatisticColumn.Median, new PercentileColumn(99));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }

    /// <summary>A percentile BenchmarkDotNet's own columns lack.</summary>
    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"P{percentile}";
        public string ColumnName => $"P{percentile}";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => $"{percentile}th percentile of the operation's time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(percentile) / 1000.0).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " us"
                : "NA";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
