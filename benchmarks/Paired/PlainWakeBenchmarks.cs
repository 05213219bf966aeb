using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Sync;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// The plain two-process ping-pong, as a user's producer and consumer run: no core pinning and no
/// helper spinners (<see cref="PairedWakeBenchmarks"/> has both). One process publishes, the other
/// waits and publishes back; SharedTyped's <c>Publish</c> → <c>WaitForChange</c> against the same
/// ping-pong with raw FUTEX_WAIT/FUTEX_WAKE between two .NET processes, in turns
/// (<see cref="PairedSamples"/>), so that both see the same scheduler and the same host. Left to the
/// scheduler, a wake-up that lands on a halted virtual CPU costs tens of microseconds; a wake path
/// that keeps the hand-off short keeps it on the fast path as often as the raw futex does.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public unsafe class PlainWakeBenchmarks
{
    private const int Iterations = 20_000;

    private string _name = "";
    private SharedArray<int>? _array;
    private Process? _futexEcho;
    private Process? _sharedTypedEcho;
    private int _word;
    private PairedSamples? _samples;
    private Func<long>? _floor;
    private Func<long>? _roundTrip;

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName("plain-wake");
        _array = SharedArray.Create<int>(_name, [16]);
        _futexEcho = Echo.Start("futex", _name);
        _sharedTypedEcho = Echo.Start("sharedtyped", _name);
        var array = _array;
        _floor = () => _word = WakeLatencyBenchmarks.FutexRoundTrip(array.DangerousGetPointer(), _word);
        _roundTrip = () => WakeLatencyBenchmarks.SharedTypedRoundTrip(array);
        _samples = PairedSamples.Start("plain wake round trip (no pinning, no spinners)", "raw futex ping-pong", "Publish → WaitForChange", Iterations);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Echo.Stop(_futexEcho);
        Echo.Stop(_sharedTypedEcho);
        _array?.Dispose();
        SharedArray.Delete(_name);
    }

    [Benchmark(Description = "plain: raw futex ping-pong and Publish → WaitForChange, in turns")]
    [BenchmarkCategory("Wake, plain")]
    public long FloorAndRoundTrip() => _samples!.Run(_floor!, _roundTrip!);

    private sealed class Config() : PairedConfig(warmups: 100, iterations: Iterations);
}
