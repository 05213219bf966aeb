using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks -- --filter '*'</c> runs everything in full;
/// <c>-- --quick</c> runs every benchmark once, in process, as CI's smoke test. Either way the exit code
/// is non-zero when a benchmark failed, produced no result, or left a file behind. <c>-- --pingpong</c> runs the
/// tight-loop two-process wake ping-pong alone and prints its percentiles (<see cref="Sync.PingPong"/>); on Windows
/// <c>--pingpong-events</c> runs it against raw named events (<see cref="Sync.EventPingPong"/>). The numpy/cdxcore
/// anchors run afterwards and are printed beside the .NET figures (<c>--no-anchors</c> skips them).
/// </summary>
public static class Program
{
    private const string QuickSwitch = "--quick";
    private const string NoAnchorsSwitch = "--no-anchors";

    public static int Main(string[] args)
    {
        if (args is [Sync.Echo.Switch, var mode, var name])
        {
            return Sync.Echo.Run(mode, name);
        }
        if (args is [Sync.PingPong.Switch])
        {
            return Sync.PingPong.Run();
        }
        if (args is [Sync.EventPingPong.Switch])
        {
            return Sync.EventPingPong.Run();
        }
        if (args is [Sync.EventPingPong.EchoSwitch, var eventName] && OperatingSystem.IsWindows())
        {
            return Sync.EventPingPong.RunEcho(eventName);
        }
        RunMode.Quick = args.Contains(QuickSwitch);
        var anchors = !args.Contains(NoAnchorsSwitch);
        var rest = args.Where(a => a is not (QuickSwitch or NoAnchorsSwitch)).ToList();
        if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--allCategories" or "--anyCategories" or "--help" or "-h" or "--version"))
        {
            // No menu: CI has no standard input to answer it.
            rest.AddRange(["--filter", "*"]);
        }
        var runId = Guid.NewGuid().ToString("N")[..12];
        Environment.SetEnvironmentVariable(Scratch.RunVariable, runId);
        if (RunMode.Quick)
        {
            Console.WriteLine("Quick mode: every benchmark runs once, in process (huge pages and the anchors at 64 MiB, the rest at full size); the times are not measurements.");
        }

        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile)
            // The default two minutes are not enough to build the benchmark project on a busy two-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
        var types = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
            .ToList();
        if (HugePageMeasurement.WhyNot() is { } why)
        {
            Console.WriteLine($"Huge pages: not measured ({why}).");
            types.Remove(typeof(HugePageBenchmarks));
            types.Remove(typeof(Paired.PairedReadsBenchmarks));
            types.Remove(typeof(Paired.PairedHugePageBenchmarks));
        }
        Summary[] summaries;
        try
        {
            summaries = BenchmarkSwitcher.FromTypes([.. types]).Run([.. rest], config).ToArray();
        }
        finally
        {
            foreach (var leftover in Scratch.Sweep(runId).Concat(OperatingSystem.IsLinux() ? PrivateTmpfs.Sweep(runId) : []))
            {
                Console.Error.WriteLine($"error: a benchmark left '{leftover}' behind; removed it.");
                Environment.ExitCode = 1;
            }
        }
        if (rest.Contains("--list") || rest.Contains("--help") || rest.Contains("-h") || rest.Contains("--version"))
        {
            return Environment.ExitCode;
        }
        var verdict = Verdict(summaries);
        PairedSamples.Print();
        PairedRuns.Print();
        if (anchors && OperatingSystem.IsLinux() && !Anchors.Run(RunMode.Quick, summaries))
        {
            verdict = false;
        }
        foreach (var leftover in Scratch.Sweep(runId))
        {
            Console.Error.WriteLine($"error: the anchors left '{leftover}' behind; removed it.");
            Environment.ExitCode = 1;
        }
        return verdict && Environment.ExitCode == 0 ? 0 : 1;
    }

    /// <summary>Every selected benchmark must have run and produced statistics.</summary>
    private static bool Verdict(Summary[] summaries)
    {
        int ran = 0, failed = 0;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failed++;
                foreach (var error in summary.ValidationErrors)
                {
                    Console.Error.WriteLine($"error: {summary.Title}: {error.Message}");
                }
            }
            foreach (var benchmark in summary.BenchmarksCases)
            {
                var report = summary[benchmark];
                if (report is { Success: true, ResultStatistics: not null })
                {
                    ran++;
                }
                else
                {
                    failed++;
                    Console.Error.WriteLine($"error: {benchmark.DisplayInfo} failed or produced no result.");
                }
            }
        }
        Console.WriteLine($"benchmarks: {ran} ran, {failed} failed");
        return ran > 0 && failed == 0;
    }
}
