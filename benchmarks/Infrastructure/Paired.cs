using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// A baseline and a candidate timed in turns: every BenchmarkDotNet iteration of a paired benchmark runs
/// one of each, in alternating order, and keeps both times. On this kind of machine (a virtual machine
/// whose host's memory traffic and halt polling move a median by half or more within a minute) a
/// baseline measured seconds before its candidate cannot resolve a target of 1.1× or 1.3×; taken in
/// turns, both see the same host, and the drift cancels out of the ratio. <see cref="Program"/> prints
/// every pair's medians, 99th percentiles and ratios after BenchmarkDotNet's summary, where
/// BenchmarkDotNet's own time of a paired benchmark is that of one baseline plus one candidate.
/// </summary>
internal sealed class PairedSamples
{
    private static readonly List<PairedSamples> All = [];

    private readonly List<(long Baseline, long Candidate)> _pairs = [];
    private readonly int _keep;
    private readonly int _pairsPerSample;
    private bool _candidateFirst;
    private bool _recorded;

    private PairedSamples(string title, string baseline, string candidate, int keep, int pairsPerSample)
    {
        Title = title;
        Baseline = baseline;
        Candidate = candidate;
        _keep = keep;
        _pairsPerSample = pairsPerSample;
    }

    public string Title { get; }

    public string Baseline { get; }

    public string Candidate { get; }

    /// <summary>
    /// Starts the samples of one paired benchmark; <paramref name="keep"/> is its configured iteration
    /// count, so that the warm-up iterations before them (BenchmarkDotNet runs the same method for
    /// both) are left out. With <paramref name="pairsPerSample"/> above one, an iteration runs that
    /// many pairs back to back and a sample is the time per operation over them: for operations of
    /// microseconds, which one pair per iteration would time cold, each after BenchmarkDotNet's own
    /// work between iterations.
    /// </summary>
    public static PairedSamples Start(string title, string baseline, string candidate, int keep, int pairsPerSample = 1)
    {
        var samples = new PairedSamples(title, baseline, candidate, RunMode.Quick ? 1 : keep, pairsPerSample);
        lock (All)
        {
            All.Add(samples);
        }
        return samples;
    }

    /// <summary>Runs one of each (or <c>pairsPerSample</c> of each, in turns), the other one first each time, and keeps both times.</summary>
    public long Run(Func<long> baseline, Func<long> candidate)
    {
        long result = 0;
        long baselineTicks = 0, candidateTicks = 0;
        for (var pair = 0; pair < _pairsPerSample; pair++)
        {
            var (first, second) = _candidateFirst ? (candidate, baseline) : (baseline, candidate);
            var start = Stopwatch.GetTimestamp();
            result += first();
            var middle = Stopwatch.GetTimestamp();
            result += second();
            var end = Stopwatch.GetTimestamp();
            baselineTicks += _candidateFirst ? end - middle : middle - start;
            candidateTicks += _candidateFirst ? middle - start : end - middle;
            _candidateFirst = !_candidateFirst;
        }
        _pairs.Add((baselineTicks / _pairsPerSample, candidateTicks / _pairsPerSample));
        return result;
    }

    /// <summary>
    /// One of each, the other one first each time, where each reports the ticks of its own measured part
    /// (a create it times, but not the delete after it).
    /// </summary>
    public void RunMeasured(Func<long> baseline, Func<long> candidate)
    {
        var (first, second) = _candidateFirst ? (candidate, baseline) : (baseline, candidate);
        var firstTicks = first();
        var secondTicks = second();
        _pairs.Add(_candidateFirst ? (secondTicks, firstTicks) : (firstTicks, secondTicks));
        _candidateFirst = !_candidateFirst;
    }

    /// <summary>Prints one row per paired benchmark that ran: medians, 99th percentiles and their ratios.</summary>
    public static void Print()
    {
        List<PairedSamples> all;
        lock (All)
        {
            all = [.. All.Where(s => s._pairs.Count > 0)];
        }
        if (all.Count == 0)
        {
            return;
        }
        Console.WriteLine();
        Console.WriteLine("// Paired: a baseline and a candidate in turns, one pair per iteration (Infrastructure/Paired.cs)");
        if (RunMode.Quick)
        {
            Console.WriteLine("Quick mode: one pair each, the figures are not measurements.");
        }
        Console.WriteLine();
        Console.WriteLine("Speed-up: baseline ÷ candidate of each pair (above 1: the candidate is faster), min / median / max over the pairs.");
        Console.WriteLine();
        Console.WriteLine("| pair | samples | baseline | candidate | baseline p50 | candidate p50 | ratio p50 | baseline p99 | candidate p99 | ratio p99 | median of pair ratios | speed-up min / median / max |");
        Console.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var samples in all)
        {
            var kept = samples._pairs.Skip(Math.Max(0, samples._pairs.Count - samples._keep)).ToList();
            var baseline = kept.Select(p => (double)p.Baseline).Order().ToList();
            var candidate = kept.Select(p => (double)p.Candidate).Order().ToList();
            var ratios = kept.Select(p => (double)p.Candidate / Math.Max(1, p.Baseline)).Order().ToList();
            var speedUps = kept.Select(p => p.Baseline / (double)Math.Max(1, p.Candidate)).Order().ToList();
            double b50 = Percentile(baseline, 50), c50 = Percentile(candidate, 50), b99 = Percentile(baseline, 99), c99 = Percentile(candidate, 99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {samples.Title} | {kept.Count}{(samples._pairsPerSample > 1 ? $" of {samples._pairsPerSample} pairs" : "")} | {samples.Baseline} | {samples.Candidate} | {Time(b50)} | {Time(c50)} | {c50 / b50:0.00}× | {Time(b99)} | {Time(c99)} | {c99 / b99:0.00}× | {Percentile(ratios, 50):0.00}× | {speedUps[0]:0.00}× / {Median(speedUps):0.00}× / {speedUps[^1]:0.00}× |"));
        }
        Console.WriteLine();
    }

    /// <summary>
    /// Appends this run's figure of every paired benchmark that ran and was not recorded yet to
    /// <see cref="PairedRuns"/>'s file: the median of each side over the kept pairs.
    /// </summary>
    public static void RecordRuns(string note)
    {
        List<PairedSamples> all;
        lock (All)
        {
            all = [.. All.Where(s => s._pairs.Count > 0 && !s._recorded)];
        }
        foreach (var samples in all)
        {
            var kept = samples._pairs.Skip(Math.Max(0, samples._pairs.Count - samples._keep)).ToList();
            var baseline = kept.Select(p => p.Baseline * 1e3 / Stopwatch.Frequency).Order().ToList();
            var candidate = kept.Select(p => p.Candidate * 1e3 / Stopwatch.Frequency).Order().ToList();
            PairedRuns.Record(samples.Title, Median(baseline), Median(candidate), kept.Count, note);
            samples._recorded = true;
        }
    }

    /// <summary>The middle value of sorted values (the mean of the two middle ones for an even count).</summary>
    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Time(double ticks)
    {
        var nanoseconds = ticks * 1e9 / Stopwatch.Frequency;
        return nanoseconds switch
        {
            >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e6:0.0} ms"),
            >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e3:0.00} μs"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0} ns"),
        };
    }
}

/// <summary>
/// In process (the samples stay where <see cref="PairedSamples.Print"/> reads them), one invocation per
/// iteration, so each iteration is exactly one pair.
/// </summary>
internal abstract class PairedConfig : ManualConfig
{
    /// <param name="warmups">Iterations run first and left out of the samples.</param>
    /// <param name="iterations">Iterations kept, one pair each (or one pair of every operation).</param>
    /// <param name="timeout">How long the whole benchmark may run in process; BenchmarkDotNet's default (5 minutes) is too short for pairs of 1 GiB operations on a busy machine.</param>
    protected PairedConfig(int warmups, int iterations, TimeSpan? timeout = null)
    {
        var job = RunMode.OneInvocationPerIteration(warmups, iterations).WithId("Paired");
        if (timeout is { } limit)
        {
            job = job.WithToolchain(new InProcessEmitToolchain(limit, logOutput: true));
        }
        AddJob(RunMode.Quick ? RunMode.QuickJob : job);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
