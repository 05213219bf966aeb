using System.Globalization;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// Paired figures over several benchmark runs. A run (one <c>dotnet run</c> of the benchmark) measures
/// both sides of every pair in turns, several iterations each, and its figure is the ratio of the two
/// medians (baseline median ÷ candidate median); one pair per figure is too noisy on a small shared
/// machine, and a figure that must hold on any day needs the spread between runs. With
/// <see cref="FileVariable"/> set, every run appends its figures to that file (one line each), and
/// prints min / median / max over all the runs the file holds so far: the last of N runs of the same
/// command prints the figures of all N.
/// </summary>
internal static class PairedRuns
{
    /// <summary>A file that collects the runs' figures (tab-separated: state, title, baseline median, candidate median, samples, note).</summary>
    public const string FileVariable = "SHAREDTYPED_BENCH_RUNS_FILE";

    private static string? File => Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } path ? path : null;

    /// <summary>Appends this run's figure of one pair; <paramref name="note"/> is the machine's state or what the run found.</summary>
    public static void Record(string title, double baselineMedian, double candidateMedian, int samples, string note)
    {
        if (File is not { } path || RunMode.Quick)
        {
            return;
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\t{Scratch.RunId}\t{title}\t{baselineMedian:0.###}\t{candidateMedian:0.###}\t{samples}\t{note.Replace('\t', ' ')}");
        System.IO.File.AppendAllLines(path, [line]);
    }

    /// <summary>
    /// Prints, for every title in the file, the number of runs and min / median / max of their figures
    /// (baseline median ÷ candidate median: above 1 the candidate is faster), and the medians over the
    /// runs of each side's median time.
    /// </summary>
    public static void Print()
    {
        if (File is not { } path || !System.IO.File.Exists(path))
        {
            return;
        }
        var rows = System.IO.File.ReadAllLines(path).Select(l => l.Split('\t')).Where(f => f.Length >= 6)
            .Select(f => (Run: f[1], Title: f[2], Baseline: double.Parse(f[3], CultureInfo.InvariantCulture), Candidate: double.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"// Over runs ({path}): per run, baseline median ÷ candidate median of its samples; min / median / max over the runs");
        Console.WriteLine();
        Console.WriteLine("| pair | runs | speed-up min / median / max | baseline median of run medians | candidate median of run medians |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Title))
        {
            var ratios = group.Select(r => r.Baseline / Math.Max(1e-9, r.Candidate)).Order().ToList();
            var baseline = group.Select(r => r.Baseline).Order().ToList();
            var candidate = group.Select(r => r.Candidate).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key} | {ratios.Count} | {ratios[0]:0.00} / **{Median(ratios):0.00}** / {ratios[^1]:0.00}× | {Median(baseline):0.0} ms | {Median(candidate):0.0} ms |"));
        }
        Console.WriteLine();
    }

    /// <summary>The middle value of sorted values (the mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
