using System.Diagnostics;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// The calling thread on the first core, the echo processes on the second, and an "awake" <see cref="Echo"/>
/// at <c>SCHED_IDLE</c> spinning on each (<see cref="WakeLatencyBenchmarks"/>' remarks say why).
/// Nothing where the machine has fewer than two cores, off Linux, or with <c>SHAREDTYPED_BENCH_UNPINNED=1</c>.
/// Disposing it, on the same thread, stops the spinners and gives the thread its cores back.
/// </summary>
/// <remarks>
/// The thread, not the process: <c>Process.ProcessorAffinity</c> sets the affinity of the process's
/// main thread only, and BenchmarkDotNet runs an in-process benchmark on a thread of its own, which
/// was left to wander onto the echo's core.
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

    /// <summary>Sets the calling thread's cores (thread 0 is the caller); throws when the kernel refuses.</summary>
    private static void SetThreadAffinity(ulong mask)
    {
        if (SetAffinity(0, sizeof(ulong), &mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
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
        SetThreadAffinity(1);
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
            SetThreadAffinity(affinity);
        }
        foreach (var awake in _awake)
        {
            Echo.Stop(awake);
        }
        _awake.Clear();
    }
}
