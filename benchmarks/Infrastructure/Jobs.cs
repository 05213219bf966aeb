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
