using System.Diagnostics;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// The other process of the wake-latency ping-pong: this same program started with
/// <c>--echo MODE NAME</c>. It answers every ping with a pong, until it is killed.
/// </summary>
internal static unsafe partial class Echo
{
    public const string Switch = "--echo";

    private const int SchedIdle = 5;

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "sched_setscheduler")]
    private static partial int SetScheduler(int pid, int policy, int* parameters);

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();

    /// <summary>Starts the echo for <paramref name="mode"/> and waits until it says it is ready.</summary>
    public static Process Start(string mode, string name)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { typeof(Echo).Assembly.Location, Switch, mode, name })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the echo process.");
        if (process.StandardOutput.ReadLine() != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"The {mode} echo process did not start.");
        }
        return process;
    }

    public static void Stop(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }
        process?.Dispose();
    }

    public static int Run(string mode, string name)
    {
        switch (mode)
        {
            case "awake":
            {
                // Keeps a core from halting and yields to anything else at once (SCHED_IDLE): see
                // WakeLatencyBenchmarks' remarks. The name is unused.
                var parameters = 0;
                if (SetScheduler(0, SchedIdle, &parameters) != 0)
                {
                    Console.Error.WriteLine("sched_setscheduler(SCHED_IDLE) failed");
                    return 1;
                }
                var parent = GetParentProcessId();
                Console.WriteLine("ready");
                // Until killed, or until the benchmark is gone without killing it (it crashed).
                while (GetParentProcessId() == parent)
                {
                    for (var i = 0; i < 100; i++)
                    {
                        Thread.SpinWait(1000);
                    }
                }
                return 0;
            }
            case "sharedtyped":
            {
                using var array = SharedArray.Attach<int>(name);
                // Read before saying ready: a publish that came first would otherwise be taken as seen, and both sides would wait for ever.
                var seen = array.Version;
                Console.WriteLine("ready");
                while (true)
                {
                    array.WaitForChange(seen, Timeout.InfiniteTimeSpan, out _);
                    seen = array.Publish();
                }
            }
            case "poll":
            {
                using var array = SharedArray.Attach<int>(name);
                // Read before saying ready: a publish that came first would otherwise be taken as seen, and both sides would wait for ever.
                var seen = array.Version;
                Console.WriteLine("ready");
                while (true)
                {
                    // What users do without a wait primitive: look every millisecond.
                    while (array.Version == seen)
                    {
                        Thread.Sleep(1);
                    }
                    seen = array.Publish();
                }
            }
            case "futex":
            {
                using var array = SharedArray.Attach<int>(name);
                var word = array.DangerousGetPointer();
                Console.WriteLine("ready");
                while (true)
                {
                    // Odd: a ping to answer with the next even value.
                    int value;
                    while (((value = Volatile.Read(ref *word)) & 1) == 0)
                    {
                        Futex.Wait(word, value);
                    }
                    Volatile.Write(ref *word, value + 1);
                    Futex.WakeAll(word);
                }
            }
            case "fifo":
            {
                using var ping = File.OpenHandle(name + ".ping", FileMode.Open, FileAccess.Read);
                using var pong = File.OpenHandle(name + ".pong", FileMode.Open, FileAccess.Write);
                Console.WriteLine("ready");
                byte b;
                while (Futex.Read((int)ping.DangerousGetHandle(), &b, 1) == 1)
                {
                    Futex.Write((int)pong.DangerousGetHandle(), &b, 1);
                }
                return 0;
            }
            default:
                Console.Error.WriteLine($"unknown echo mode {mode}");
                return 64;
        }
    }
}
