using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Sync;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// <see cref="WakeLatencyBenchmarks"/>' round trip through <c>Publish</c> and <c>WaitForChange</c>
/// against its floor, the raw futex ping-pong, in turns (<see cref="PairedSamples"/>): one segment,
/// a futex echo on its first data word and a SharedTyped echo on its sync block, both on the second
/// core, pinned as <see cref="WakeLatencyBenchmarks"/> pins them; 20,000 pairs of one round trip each,
/// so that a 99th percentile rests on 200 of them.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public unsafe class PairedWakeBenchmarks
{
    private const int Iterations = 20_000;

    private string _name = "";
    private SharedArray<int>? _array;
    private Process? _futexEcho;
    private Process? _sharedTypedEcho;
    private CorePinning? _pinning;
    private int _word;
    private PairedSamples? _samples;
    private Func<long>? _floor;
    private Func<long>? _roundTrip;

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName("paired-wake");
        _array = SharedArray.Create<int>(_name, [16]);
        _futexEcho = Echo.Start("futex", _name);
        _sharedTypedEcho = Echo.Start("sharedtyped", _name);
        _pinning = CorePinning.Pin(_futexEcho, _sharedTypedEcho);
        var array = _array;
        _floor = () => _word = WakeLatencyBenchmarks.FutexRoundTrip(array.DangerousGetPointer(), _word);
        _roundTrip = () => WakeLatencyBenchmarks.SharedTypedRoundTrip(array);
        _samples = PairedSamples.Start("wake round trip between two processes", "raw futex ping-pong", "Publish → WaitForChange", Iterations);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pinning?.Dispose();
        Echo.Stop(_futexEcho);
        Echo.Stop(_sharedTypedEcho);
        _array?.Dispose();
        SharedArray.Delete(_name);
    }

    [Benchmark(Description = "raw futex ping-pong and Publish → WaitForChange, in turns")]
    [BenchmarkCategory("Wake, paired")]
    public long FloorAndRoundTrip() => _samples!.Run(_floor!, _roundTrip!);

    private sealed class Config() : PairedConfig(warmups: 100, iterations: Iterations);
}
