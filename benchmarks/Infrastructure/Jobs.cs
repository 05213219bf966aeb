using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>Full or quick: chosen once by <c>Program</c> before BenchmarkDotNet reads the configs.</summary>
internal static class RunMode
{
    public static bool Quick { get; set; }

    /// <summary>
    /// Quick mode runs each benchmark exactly once, in this process (no generated project to build),
    /// so that the whole suite fits in a CI smoke test.
    /// </summary>
    public static Job QuickJob { get; } = Job.Dry
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithId("Quick");

    /// <summary>
    /// In this process, one invocation per iteration: every iteration is one operation (or one pair),
    /// so the percentiles are of single ones, and what the benchmark keeps in statics stays readable.
    /// </summary>
    public static Job OneInvocationPerIteration(int warmups, int iterations) => Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(warmups)
        .WithIterationCount(iterations)
        .WithInvocationCount(1)
        .WithUnrollFactor(1);
}

/// <summary>Microsecond and millisecond operations: BenchmarkDotNet's default job, which picks the invocation count itself.</summary>
internal sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(RunMode.Quick ? RunMode.QuickJob : Job.Default.WithId("Full"));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}

/// <summary>
/// Operations on 1 GiB: one invocation per iteration, because each one creates a segment or file that the
/// iteration cleanup must remove before the next; no pilot stage is needed at a few hundred milliseconds each.
/// </summary>
internal sealed class GigabyteConfig : ManualConfig
{
    public GigabyteConfig()
    {
        AddJob(RunMode.Quick
            ? RunMode.QuickJob
            : Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(12)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("Full"));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}

/// <summary>
/// Cross-process round trips: one invocation per iteration, so every iteration is one round trip and
/// the median and 99th percentile columns describe single wake-ups. In process: the other side is a
/// process of its own anyway, and no generated project has to build (which timed out on a busy machine).
/// </summary>
internal sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(RunMode.Quick ? RunMode.QuickJob : RunMode.OneInvocationPerIteration(warmups: 50, iterations: 2000).WithId("Full"));
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, new PercentileColumn(99));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}

/// <summary>A percentile of the iteration times; BenchmarkDotNet's own columns stop at P95.</summary>
internal sealed class PercentileColumn(int percentile) : BenchmarkDotNet.Columns.IColumn
{
    public string Id => $"P{percentile}";
    public string ColumnName => $"P{percentile}";
    public bool AlwaysShow => true;
    public BenchmarkDotNet.Columns.ColumnCategory Category => BenchmarkDotNet.Columns.ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public BenchmarkDotNet.Columns.UnitType UnitType => BenchmarkDotNet.Columns.UnitType.Time;
    public string Legend => $"{percentile}th percentile of the iteration times";

    public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle.Default);

    public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, BenchmarkDotNet.Reports.SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } statistics
            ? $"{statistics.Percentiles.Percentile(percentile) / 1000.0:N1} μs"
            : "-";

    public bool IsDefault(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(BenchmarkDotNet.Reports.Summary summary) => true;
}

/// <summary>Like <see cref="MicroConfig"/>, in process: the coordination benchmarks need no generated project.</summary>
internal sealed class InProcessMicroConfig : ManualConfig
{
    public InProcessMicroConfig()
    {
        AddJob(RunMode.Quick ? RunMode.QuickJob : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId("Full"));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
