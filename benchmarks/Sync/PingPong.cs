using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks -- --pingpong</c>: the plain two-process ping-pong in a tight
/// loop, every round trip timed on its own. This process pings; two <see cref="Echo"/> processes answer, one
/// with raw FUTEX_WAIT/FUTEX_WAKE on a data word of a segment, one with <c>WaitForChange</c> then
/// <c>Publish</c> on the same segment's sync block; no pinning, no helper spinners. The two run in
/// alternating blocks (<see cref="Blocks"/> of <see cref="RoundTrips"/> round trips each, the one first
/// alternating too), so both land in whatever mode the machine is in at the time; each block prints the
/// one-way wake (half a round trip) at p50 and p99 of each and their ratios, and the end prints
/// min/median/max over blocks, with the load average beside them. Then, in the same run and in turns too:
/// an uncontended <c>Publish</c> against one FUTEX_WAKE with no waiter, and <c>ReadConsistent</c> of a
/// 1000×3 <c>double</c> array against a plain copy of it, each pair in alternating chunks (the median chunk of each). docs/benchmarks.md reads the output.
/// </summary>
internal static unsafe class PingPong
{
    public const string Switch = "--pingpong";

    public const int Blocks = 10;

    public const int RoundTrips = 20_000;

    /// <summary>A one-way wake above this (µs, raw futex p50) means the woken process waited for a halted virtual CPU.</summary>
    private const double SlowModeMicroseconds = 5;

    private const int UncontendedBlocks = 7;
    private const int PublishesPerBlock = 200_000;
    private const int CopiesPerBlock = 20_000;
    private const int Chunks = 100;

    public static int Run()
    {
        var name = Scratch.UniqueName("pingpong");
        var idle = Scratch.UniqueName("pingpong-idle");
        Process? futexEcho = null, sharedTypedEcho = null;
        try
        {
            using var array = SharedArray.Create<int>(name, [16]);
            futexEcho = Echo.Start("futex", name);
            sharedTypedEcho = Echo.Start("sharedtyped", name);
            var word = array.DangerousGetPointer();
            var last = 0;
            Console.WriteLine($"Two-process ping-pong: {Environment.ProcessorCount} CPUs, no pinning, no spinners; this process pings, two echo processes answer.");
            Console.WriteLine("  raw futex:   the echo waits with FUTEX_WAIT on a data word and answers with a store and FUTEX_WAKE (the floor)");
            Console.WriteLine("  SharedTyped: the echo waits with WaitForChange and answers with Publish; this process does the same");
            Console.WriteLine($"One-way wake = half a round trip, in µs. {Blocks} blocks of {RoundTrips:N0} round trips of each, in turns, after one warm-up block of each.");
            Console.WriteLine($"Mode of a block: fast when the raw futex p50 is below {SlowModeMicroseconds} µs (the woken process runs at once), slow when a halted virtual CPU had to be woken.");
            Console.WriteLine($"load average before: {LoadAverage()}");
            Console.WriteLine();
            var futexTicks = new long[RoundTrips];
            var sharedTypedTicks = new long[RoundTrips];
            FutexBlock(word, ref last, futexTicks);
            SharedTypedBlock(array, sharedTypedTicks);

            Console.WriteLine("block  mode  futex p50    p99   SharedTyped p50    p99   ratio p50   p99");
            var rows = new List<(double FutexP50, double FutexP99, double OursP50, double OursP99)>();
            for (var block = 1; block <= Blocks; block++)
            {
                if (block % 2 == 1)
                {
                    FutexBlock(word, ref last, futexTicks);
                    SharedTypedBlock(array, sharedTypedTicks);
                }
                else
                {
                    SharedTypedBlock(array, sharedTypedTicks);
                    FutexBlock(word, ref last, futexTicks);
                }
                var row = (OneWay(futexTicks, 0.5), OneWay(futexTicks, 0.99), OneWay(sharedTypedTicks, 0.5), OneWay(sharedTypedTicks, 0.99));
                rows.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{block,5}  {(row.Item1 < SlowModeMicroseconds ? "fast" : "slow"),4}  {row.Item1,9:F2} {row.Item2,6:F2}   {row.Item3,15:F2} {row.Item4,6:F2}   {row.Item3 / row.Item1,9:F2} {row.Item4 / row.Item2,5:F2}"));
            }
            Console.WriteLine();
            Console.WriteLine("over blocks                      min   median      max");
            Summary("raw futex one-way p50 (µs)", rows.Select(r => r.FutexP50));
            Summary("raw futex one-way p99 (µs)", rows.Select(r => r.FutexP99));
            Summary("SharedTyped one-way p50 (µs)", rows.Select(r => r.OursP50));
            Summary("SharedTyped one-way p99 (µs)", rows.Select(r => r.OursP99));
            Summary("ratio p50 (goal <= 1.3)", rows.Select(r => r.OursP50 / r.FutexP50));
            Summary("ratio p99", rows.Select(r => r.OursP99 / r.FutexP99));
            var fast = rows.Count(r => r.FutexP50 < SlowModeMicroseconds);
            Console.WriteLine($"blocks in fast mode: {fast} of {rows.Count}; load average after: {LoadAverage()}");
            Console.WriteLine();

            Echo.Stop(futexEcho);
            Echo.Stop(sharedTypedEcho);
            futexEcho = sharedTypedEcho = null;
            Uncontended(idle);
            return 0;
        }
        finally
        {
            Echo.Stop(futexEcho);
            Echo.Stop(sharedTypedEcho);
            SharedArray.Delete(name);
            SharedArray.Delete(idle);
        }
    }

    /// <summary>
    /// Publish with nobody waiting against one FUTEX_WAKE with nobody waiting, ReadConsistent against a plain copy:
    /// each block runs both of a pair in <see cref="Chunks"/> alternating chunks and sums each one's time, so that
    /// whatever else the machine does meanwhile falls on both alike.
    /// </summary>
    private static void Uncontended(string name)
    {
        using var array = SharedArray.Create<double>(name, [1000, 3], fill: 1.5);
        var copy = new double[3000];
        var word = (int*)array.DangerousGetPointer();
        Console.WriteLine($"Uncontended, in this process only (nobody waits): {UncontendedBlocks} blocks, each pair in {Chunks} alternating chunks; ns per operation, median over chunks.");
        Console.WriteLine("block  FUTEX_WAKE  Publish  ratio   plain copy  ReadConsistent  ratio   (1000x3 double)");
        var rows = new List<(double Wake, double Publish, double Copy, double Consistent)>();
        // The first round warms up and is not shown.
        for (var block = 0; block <= UncontendedBlocks; block++)
        {
            var (wake, publish) = InTurns(PublishesPerBlock, n => WakeLoop(word, n), n => PublishLoop(array, n));
            var (plain, consistent) = InTurns(CopiesPerBlock, n => CopyLoop(array, copy, n), n => ReadConsistentLoop(array, copy, n));
            if (block == 0)
            {
                continue;
            }
            rows.Add((wake, publish, plain, consistent));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{block,5}  {wake,10:F0} {publish,8:F0} {publish / wake,6:F2}   {plain,10:F0} {consistent,15:F0} {consistent / plain,6:F2}"));
        }
        Console.WriteLine();
        Console.WriteLine("over blocks                               min   median      max");
        Summary("Publish / FUTEX_WAKE (goal <= 1.2)", rows.Select(r => r.Publish / r.Wake), width: 36);
        Summary("ReadConsistent / copy (goal <= 1.2)", rows.Select(r => r.Consistent / r.Copy), width: 36);
        Console.WriteLine($"load average at the end: {LoadAverage()}");
    }

    /// <summary>
    /// Nanoseconds per operation of <paramref name="baseline"/> and <paramref name="candidate"/>, <paramref name="count"/>
    /// of each in alternating chunks: the median over chunks of each, so that a chunk another process preempted
    /// (a loaded machine's time slices are milliseconds) does not count.
    /// </summary>
    private static (double Baseline, double Candidate) InTurns(int count, Action<int> baseline, Action<int> candidate)
    {
        var chunk = count / Chunks;
        var baselineTicks = new long[Chunks];
        var candidateTicks = new long[Chunks];
        for (var i = 0; i < Chunks; i++)
        {
            var start = Stopwatch.GetTimestamp();
            baseline(chunk);
            var middle = Stopwatch.GetTimestamp();
            candidate(chunk);
            candidateTicks[i] = Stopwatch.GetTimestamp() - middle;
            baselineTicks[i] = middle - start;
        }
        double PerOperation(long[] ticks)
        {
            Array.Sort(ticks);
            return ticks[ticks.Length / 2] * 1e9 / Stopwatch.Frequency / chunk;
        }
        return (PerOperation(baselineTicks), PerOperation(candidateTicks));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FutexBlock(int* word, ref int last, long[] ticks)
    {
        for (var i = 0; i < ticks.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            last = WakeLatencyBenchmarks.FutexRoundTrip(word, last);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>One block of SharedTyped round trips, each timed; the Windows ping-pong (EventPingPong.cs) times its blocks with it too.</summary>
    internal static void SharedTypedBlock(SharedArray<int> array, long[] ticks)
    {
        for (var i = 0; i < ticks.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            WakeLatencyBenchmarks.SharedTypedRoundTrip(array);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WakeLoop(int* word, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Futex.WakeAll(word);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PublishLoop(SharedArray<double> array, int count)
    {
        for (var i = 0; i < count; i++)
        {
            array.Publish();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyLoop(SharedArray<double> array, double[] copy, int count)
    {
        for (var i = 0; i < count; i++)
        {
            array.AsSpan().CopyTo(copy);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadConsistentLoop(SharedArray<double> array, double[] copy, int count)
    {
        for (var i = 0; i < count; i++)
        {
            array.ReadConsistent(copy);
        }
    }

    /// <summary>The one-way wake at percentile <paramref name="p"/> of round trips in Stopwatch ticks, in µs.</summary>
    private static double OneWay(long[] ticks, double p)
    {
        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        var tick = sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
        return tick * 1e6 / Stopwatch.Frequency / 2;
    }

    private static void Summary(string what, IEnumerable<double> values, int width = 28)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what.PadRight(width)} {sorted[0],8:F2} {median,8:F2} {sorted[^1],8:F2}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
