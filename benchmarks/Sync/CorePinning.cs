using System.Diagnostics;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// Every thread of this process on the first core, the echo processes on the second, and an "awake" <see cref="Echo"/>
/// at <c>SCHED_IDLE</c> spinning on each (<see cref="WakeLatencyBenchmarks"/>' remarks say why).
/// Nothing where the machine has fewer than two cores, off Linux, or with <c>SHAREDTYPED_BENCH_UNPINNED=1</c>.
/// Disposing it stops the spinners and gives the threads their cores back.
/// </summary>
/// <remarks>
/// Every thread of this process, not the process: <c>Process.ProcessorAffinity</c> sets the affinity
/// of the main thread only, and BenchmarkDotNet runs an in-process benchmark on a thread of its own,
/// which was left to wander onto the echo's core; so were the runtime's and BenchmarkDotNet's other
/// threads, whose occasional work there lengthened the echo's answers at random and moved the 99th
/// percentile of one variant or the other.
/// </remarks>
internal sealed unsafe partial class CorePinning : IDisposable
{
    private readonly ulong? _affinity;
    private readonly List<Process> _awake = [];

    private CorePinning(ulong? affinity) => _affinity = affinity;

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SetAffinity(int thread, nuint size, ulong* mask);

    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int GetAffinity(int thread, nuint size, ulong* mask);

    /// <summary>
    /// Sets the cores of every thread of this process; throws when the kernel refuses the calling one.
    /// A thread that ended meanwhile is skipped, and threads started later inherit their creator's cores.
    /// </summary>
    private static void SetProcessAffinity(ulong mask)
    {
        if (SetAffinity(0, sizeof(ulong), &mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), out var thread))
            {
                SetAffinity(thread, sizeof(ulong), &mask);
            }
        }
    }

    public static CorePinning Pin(params Process[] echoes)
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || Environment.GetEnvironmentVariable("SHAREDTYPED_BENCH_UNPINNED") == "1")
        {
            return new CorePinning(null);
        }
        ulong mask;
        if (GetAffinity(0, sizeof(ulong), &mask) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
        var pinning = new CorePinning(mask);
        SetProcessAffinity(1);
        foreach (var echo in echoes)
        {
            echo.ProcessorAffinity = 2;
        }
        foreach (var core in new nint[] { 1, 2 })
        {
            var awake = Echo.Start("awake", "-");
            awake.ProcessorAffinity = core;
            pinning._awake.Add(awake);
        }
        return pinning;
    }

    public void Dispose()
    {
        if (_affinity is { } affinity && OperatingSystem.IsLinux())
        {
            SetProcessAffinity(affinity);
        }
        foreach (var awake in _awake)
        {
            Echo.Stop(awake);
        }
        _awake.Clear();
    }
}
