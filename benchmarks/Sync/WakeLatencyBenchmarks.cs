using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// One round trip between two processes per iteration (so the percentiles are of single round trips;
/// a one-way wake is half of one): a publish here wakes the <see cref="Echo"/> process's wait, whose
/// publish wakes the wait here. Against the floor, a raw futex ping-pong on a shared word through the
/// same system calls, and against a FIFO ping-pong and the echo polling the version every millisecond.
/// </summary>
/// <remarks>
/// This process and the echo are pinned to two different cores, every variant alike, where the machine
/// has two: the producer and consumer of a real deployment run on cores of their own, and unpinned, the
/// scheduler's choice between waking the other process on this core or the idle one (on a virtual
/// machine, a halted virtual CPU that the host must wake) moves a median by a factor of two from run
/// to run, which would drown the difference being measured. Each core also runs an "awake" process at
/// <c>SCHED_IDLE</c>, which spins and gives way at once to anything runnable: a woken process starts
/// without the host having to wake a halted virtual CPU first, whose cost depends on the host's
/// adaptive halt polling and not on the code (the user-space form of booting with <c>idle=poll</c>).
/// <c>SHAREDTYPED_BENCH_UNPINNED=1</c> turns both off.
/// </remarks>
[Config(typeof(LatencyConfig))]
[CategoriesColumn]
public unsafe class WakeLatencyBenchmarks
{
    private string _name = "";
    private SharedArray<int>? _array;
    private Process? _echo;
    private SafeHandleSet? _fifo;
    private long _seen;
    private int _word;
    private CorePinning? _pinning;

    [GlobalSetup(Target = nameof(RawFutex))]
    public void SetupFutex() => Setup("futex");

    [GlobalSetup(Target = nameof(PublishAndWaitForChange))]
    public void SetupSharedTyped() => Setup("sharedtyped");

    [GlobalSetup(Target = nameof(PollingEveryMillisecond))]
    public void SetupPolling() => Setup("poll");

    [GlobalSetup(Target = nameof(FifoPingPong))]
    public void SetupFifo()
    {
        _name = Scratch.ShmPath(Scratch.UniqueName("fifo"));
        foreach (var suffix in new[] { ".ping", ".pong" })
        {
            if (Futex.MkFifo(_name + suffix, 0x180) != 0)
            {
                throw new IOException($"mkfifo {_name}{suffix} failed.");
            }
        }
        var start = Task.Run(() => Echo.Start("fifo", _name));
        // Opening one end of a FIFO waits for the other: the echo opens ping first, then pong.
        var ping = File.OpenHandle(_name + ".ping", FileMode.Open, FileAccess.Write);
        var pong = File.OpenHandle(_name + ".pong", FileMode.Open, FileAccess.Read);
        _fifo = new SafeHandleSet(ping, pong);
        _echo = start.GetAwaiter().GetResult();
        Pin();
    }

    private void Setup(string mode)
    {
        _name = Scratch.UniqueName("wake");
        _array = SharedArray.Create<int>(_name, [16]);
        _echo = Echo.Start(mode, _name);
        _seen = _array.Version;
        Pin();
    }

    private void Pin() => _pinning = CorePinning.Pin(_echo!);

    [GlobalCleanup]
    public void Cleanup()
    {
        _pinning?.Dispose();
        _pinning = null;
        Echo.Stop(_echo);
        _array?.Dispose();
        _fifo?.Dispose();
        if (_name.StartsWith('/'))
        {
            Scratch.Remove(_name + ".ping");
            Scratch.Remove(_name + ".pong");
        }
        else
        {
            SharedArray.Delete(_name);
        }
    }

    [Benchmark(Baseline = true, Description = "raw futex ping-pong")]
    [BenchmarkCategory("Wake")]
    public int RawFutex() => _word = FutexRoundTrip(_array!.DangerousGetPointer(), _word);

    [Benchmark(Description = "Publish → WaitForChange")]
    [BenchmarkCategory("Wake")]
    public long PublishAndWaitForChange() => _seen = SharedTypedRoundTrip(_array!);

    [Benchmark(Description = "FIFO ping-pong (read/write)")]
    [BenchmarkCategory("Wake")]
    public int FifoPingPong()
    {
        byte b = 1;
        Futex.Write(_fifo!.Ping, &b, 1);
        return (int)Futex.Read(_fifo.Pong, &b, 1);
    }

    [Benchmark(Description = "echo polls Version every 1 ms")]
    [BenchmarkCategory("Wake")]
    public long PollingEveryMillisecond() => PublishAndWaitForChange();

    /// <summary>
    /// The floor: an odd value in the shared word and a FUTEX_WAKE, then FUTEX_WAIT until the futex
    /// <see cref="Echo"/> has answered with the next even one; returns that.
    /// </summary>
    public static int FutexRoundTrip(int* word, int last)
    {
        var ping = last + 1;
        Volatile.Write(ref *word, ping);
        Futex.WakeAll(word);
        int value;
        while ((value = Volatile.Read(ref *word)) == ping)
        {
            Futex.Wait(word, value);
        }
        return value;
    }

    /// <summary>A publish here, and a wait for the sharedtyped <see cref="Echo"/>'s publish in answer; returns its version.</summary>
    public static long SharedTypedRoundTrip(SharedArray<int> array)
    {
        var sent = array.Publish();
        array.WaitForChange(sent, Timeout.InfiniteTimeSpan, out var seen);
        return seen;
    }

    /// <summary>The two ends of the FIFO pair this process holds.</summary>
    private sealed class SafeHandleSet(Microsoft.Win32.SafeHandles.SafeFileHandle ping, Microsoft.Win32.SafeHandles.SafeFileHandle pong) : IDisposable
    {
        public int Ping => (int)ping.DangerousGetHandle();

        public int Pong => (int)pong.DangerousGetHandle();

        public void Dispose()
        {
            ping.Dispose();
            pong.Dispose();
        }
    }
}
