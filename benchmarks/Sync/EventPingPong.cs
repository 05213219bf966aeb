using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// <c>SharedTyped.Benchmarks.exe --pingpong-events</c>, on Windows (measured under Wine; docs/benchmarks.md):
/// the two-process wake ping-pong of <see cref="PingPong"/> with the Windows floor as its baseline. This process
/// pings; two processes of this same program answer, one with a pair of raw named auto-reset events
/// (<c>SetEvent</c> / <c>WaitForSingleObject</c>, what a Windows program would use by hand), one with
/// <c>WaitForChange</c> then <c>Publish</c> on a segment's sync block (src/Runtime/Platform/Windows). After one
/// warm-up block of each, <see cref="Blocks"/> blocks of <see cref="RoundTrips"/> round trips of each run in turns
/// (which goes first alternates); each block prints the one-way wake (half a round trip) at p50 and p99 of each
/// and their ratios, and the end prints min/median/max over the blocks.
/// </summary>
internal static class EventPingPong
{
    public const string Switch = "--pingpong-events";

    /// <summary>The echo that answers with named events: <c>--event-echo NAME</c>.</summary>
    public const string EchoSwitch = "--event-echo";

    public const int Blocks = 10;

    public const int RoundTrips = 5_000;

    public static int Run()
    {
        if (!OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine($"{Switch} measures the Windows wake path (named events); on Linux, --pingpong measures it against raw futexes.");
            return 64;
        }
        var name = $"st-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
        Process? eventEcho = null, sharedTypedEcho = null;
        try
        {
            using var array = SharedArray.Create<int>(name, [16]);
            using var ping = new EventWaitHandle(false, EventResetMode.AutoReset, name + "-ping");
            using var pong = new EventWaitHandle(false, EventResetMode.AutoReset, name + "-pong");
            eventEcho = StartEcho(EchoSwitch, name);
            sharedTypedEcho = StartEcho(Echo.Switch, "sharedtyped", name);
            Console.WriteLine($"Two-process ping-pong on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs; this process pings, two echo processes answer.");
            Console.WriteLine("  named events: the echo waits on an auto-reset named event and answers by setting another (the floor)");
            Console.WriteLine("  SharedTyped:  the echo waits with WaitForChange and answers with Publish; this process does the same");
            Console.WriteLine($"One-way wake = half a round trip, in us. {Blocks} blocks of {RoundTrips:N0} round trips of each, in turns, after one warm-up block of each.");
            Console.WriteLine();
            var eventTicks = new long[RoundTrips];
            var sharedTypedTicks = new long[RoundTrips];
            EventBlock(ping, pong, eventTicks);
            PingPong.SharedTypedBlock(array, sharedTypedTicks);

            Console.WriteLine("block  events p50    p99   SharedTyped p50    p99   ratio p50   p99");
            var rows = new List<(double EventP50, double EventP99, double OursP50, double OursP99)>();
            for (var block = 1; block <= Blocks; block++)
            {
                if (block % 2 == 1)
                {
                    EventBlock(ping, pong, eventTicks);
                    PingPong.SharedTypedBlock(array, sharedTypedTicks);
                }
                else
                {
                    PingPong.SharedTypedBlock(array, sharedTypedTicks);
                    EventBlock(ping, pong, eventTicks);
                }
                var row = (OneWay(eventTicks, 0.5), OneWay(eventTicks, 0.99), OneWay(sharedTypedTicks, 0.5), OneWay(sharedTypedTicks, 0.99));
                rows.Add(row);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{block,5}  {row.Item1,10:F2} {row.Item2,6:F2}   {row.Item3,15:F2} {row.Item4,6:F2}   {row.Item3 / row.Item1,9:F2} {row.Item4 / row.Item2,5:F2}"));
            }
            Console.WriteLine();
            Console.WriteLine("over blocks                      min   median      max");
            Summary("named events one-way p50 (us)", rows.Select(r => r.EventP50));
            Summary("SharedTyped one-way p50 (us)", rows.Select(r => r.OursP50));
            Summary("ratio p50", rows.Select(r => r.OursP50 / r.EventP50));
            Summary("ratio p99", rows.Select(r => r.OursP99 / r.EventP99));
            return 0;
        }
        finally
        {
            Echo.Stop(eventEcho);
            Echo.Stop(sharedTypedEcho);
        }
    }

    /// <summary>The echo of the named events: waits for a ping, sets the pong, until it is killed.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static int RunEcho(string name)
    {
        using var ping = EventWaitHandle.OpenExisting(name + "-ping");
        using var pong = EventWaitHandle.OpenExisting(name + "-pong");
        Console.WriteLine("ready");
        while (true)
        {
            ping.WaitOne();
            pong.Set();
        }
    }

    /// <summary>This same program with <paramref name="arguments"/>, once it says it is ready.</summary>
    private static Process StartEcho(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the echo process.");
        if (process.StandardOutput.ReadLine() != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"The echo process ({string.Join(' ', arguments)}) did not start.");
        }
        return process;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EventBlock(EventWaitHandle ping, EventWaitHandle pong, long[] ticks)
    {
        for (var i = 0; i < ticks.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            ping.Set();
            pong.WaitOne();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
    }

    /// <summary>The one-way wake at percentile <paramref name="p"/> of round trips in Stopwatch ticks, in us.</summary>
    private static double OneWay(long[] ticks, double p)
    {
        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        var tick = sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
        return tick * 1e6 / Stopwatch.Frequency / 2;
    }

    private static void Summary(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-30} {sorted[0],8:F2} {median,8:F2} {sorted[^1],8:F2}"));
    }
}
