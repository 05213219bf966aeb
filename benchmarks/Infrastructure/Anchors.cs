using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// Runs <c>anchors/numpy_anchors.py</c> (numpy with cdxcore's layout through
/// <c>multiprocessing.shared_memory</c>) after the .NET benchmarks, and prints its figures beside the
/// .NET medians of the same operations with their ratios, so a user choosing between the two sees both
/// from one run on one machine.
/// </summary>
internal static class Anchors
{
    /// <summary>One operation: the anchor's key and the .NET benchmarks (type, method) that do the same.</summary>
    private sealed record Row(string Operation, string AnchorKey, (Type Type, string Method)? FourK, (Type Type, string Method)? Advise, (Type Type, string Method)? WithinSize);

    private static readonly Row[] Rows =
    [
        new("attach + dispose, 1000x1000", "attach", (typeof(AttachBenchmarks), nameof(AttachBenchmarks.AttachAndDispose)), null, null),
        new("create, zero", "create_zero", Huge(nameof(HugePageBenchmarks.CreateZero4K)), Huge(nameof(HugePageBenchmarks.CreateZeroAdvise)), Huge(nameof(HugePageBenchmarks.CreateZeroWithinSize))),
        new("create, fill 1.5", "create_fill", Huge(nameof(HugePageBenchmarks.CreateFill4K)), Huge(nameof(HugePageBenchmarks.CreateFillAdvise)), Huge(nameof(HugePageBenchmarks.CreateFillWithinSize))),
        new("load a to_file file", "load", Huge(nameof(HugePageBenchmarks.Load4K)), Huge(nameof(HugePageBenchmarks.LoadAdvise)), Huge(nameof(HugePageBenchmarks.LoadWithinSize))),
        new("random reads", "random_reads", Huge(nameof(HugePageBenchmarks.RandomReads4K)), Huge(nameof(HugePageBenchmarks.RandomReadsAdvise)), Huge(nameof(HugePageBenchmarks.RandomReadsWithinSize))),
    ];

    private static (Type, string) Huge(string method) => (typeof(HugePageBenchmarks), method);

    /// <summary>Runs the anchors and prints the table; false when the script could not run.</summary>
    public static bool Run(bool quick, IReadOnlyList<Summary> summaries)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "anchors", "numpy_anchors.py");
        var python = FindPython();
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--file-dir");
        start.ArgumentList.Add(Scratch.FileDirectory);
        start.ArgumentList.Add("--prefix");
        start.ArgumentList.Add($"st-bench-{Scratch.RunId}-anchor-");
        if (quick)
        {
            start.ArgumentList.Add("--quick");
        }
        Console.WriteLine();
        Console.WriteLine($"// numpy/cdxcore anchors: {python} {script}{(quick ? " --quick" : "")}");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"error: the numpy anchors exited {process.ExitCode}: {errors.Result.Trim()}");
            return false;
        }
        var anchors = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Print(anchors, summaries, quick);
        return true;
    }

    private static void Print(JsonElement anchors, IReadOnlyList<Summary> summaries, bool quick)
    {
        var mib = anchors.GetProperty("elements").GetInt64() * sizeof(double) >> 20;
        Console.WriteLine($"numpy {anchors.GetProperty("numpy").GetString()} on Python {anchors.GetProperty("python").GetString()}; " +
            $"{mib} MiB of float64, {anchors.GetProperty("reads").GetInt64():N0} random reads; median of {anchors.GetProperty("repeats").GetInt32()} (numpy) " +
            "and BenchmarkDotNet's median (.NET). Ratio = numpy time / SharedTyped time (above 1: SharedTyped is faster).");
        if (quick)
        {
            Console.WriteLine("Quick mode: single runs, the figures are not measurements.");
        }
        Console.WriteLine();
        Console.WriteLine("| operation | numpy/cdxcore | SharedTyped 4 KiB | ratio | SharedTyped huge=advise | ratio | SharedTyped huge=within_size | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            var numpy = anchors.GetProperty(row.AnchorKey).GetDouble() * 1e9;
            Console.WriteLine($"| {row.Operation} | {Time(numpy)} | {Cell(numpy, summaries, row.FourK)} | {Cell(numpy, summaries, row.Advise)} | {Cell(numpy, summaries, row.WithinSize)} |");
        }
        Console.WriteLine();
    }

    /// <summary>The .NET time and the ratio; "not measured" when that benchmark did not run, a dash where there is none.</summary>
    private static string Cell(double numpy, IReadOnlyList<Summary> summaries, (Type Type, string Method)? benchmark) =>
        benchmark is null ? "- | -"
        : Median(summaries, benchmark) is { } value ? $"{Time(value)} | {(numpy / value).ToString("0.00", CultureInfo.InvariantCulture)}x"
        : "not measured | -";

    /// <summary>The median in nanoseconds of that benchmark in this run, or <c>null</c> when it did not run.</summary>
    private static double? Median(IReadOnlyList<Summary> summaries, (Type Type, string Method)? benchmark)
    {
        var wanted = benchmark!.Value;
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var descriptor = report.BenchmarkCase.Descriptor;
                if (descriptor.Type == wanted.Type && descriptor.WorkloadMethod.Name == wanted.Method && report.ResultStatistics is { } statistics)
                {
                    return statistics.Median;
                }
            }
        }
        return null;
    }

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        >= 1e9 => $"{nanoseconds / 1e9:0.00} s",
        >= 1e6 => $"{nanoseconds / 1e6:0.0} ms",
        >= 1e3 => $"{nanoseconds / 1e3:0.0} µs",
        _ => $"{nanoseconds:0} ns",
    };

    /// <summary>
    /// Debian's interpreter, which has python3-numpy; <c>SHAREDTYPED_PYTHON</c> picks another: the order of the tests'
    /// finder (tests/Shared/Python.cs), which this assembly cannot link, as it fails a test through xunit.
    /// </summary>
    private static string FindPython() =>
        Environment.GetEnvironmentVariable("SHAREDTYPED_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";
}
