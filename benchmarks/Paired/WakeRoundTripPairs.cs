using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Sync;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// A round trip through <c>Publish</c> and <c>WaitForChange</c> between two processes against its
/// floor, the raw FUTEX_WAIT/FUTEX_WAKE ping-pong between two .NET processes, in turns
/// (<see cref="PairedSamples"/>), so that both see the same scheduler and the same host: one segment,
/// a futex echo on its first data word and a SharedTyped echo on its sync block; 20,000 pairs of one
/// round trip each, so that a 99th percentile rests on 200 of them. The two kinds differ only in
/// whether the echoes are pinned (<see cref="PairedWakeBenchmarks"/>, <see cref="PlainWakeBenchmarks"/>).
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public abstract unsafe class WakeRoundTripPairs
{
    private const int Iterations = 20_000;

    private readonly string _kind;
    private readonly bool _pinned;
    private string _name = "";
    private SharedArray<int>? _array;
    private Process? _futexEcho;
    private Process? _sharedTypedEcho;
    private CorePinning? _pinning;
    private int _word;
    private PairedSamples? _samples;
    private Func<long>? _floor;
    private Func<long>? _roundTrip;

    /// <param name="kind">How the pair is named in the printed samples.</param>
    /// <param name="pinned">Whether the echoes and this process are pinned to cores, with spinners beside them (<see cref="CorePinning"/>).</param>
    protected WakeRoundTripPairs(string kind, bool pinned)
    {
        _kind = kind;
        _pinned = pinned;
    }

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName(_pinned ? "paired-wake" : "plain-wake");
        _array = SharedArray.Create<int>(_name, [16]);
        _futexEcho = Echo.Start("futex", _name);
        _sharedTypedEcho = Echo.Start("sharedtyped", _name);
        _pinning = _pinned ? CorePinning.Pin(_futexEcho, _sharedTypedEcho) : null;
        var array = _array;
        _floor = () => _word = WakeLatencyBenchmarks.FutexRoundTrip(array.DangerousGetPointer(), _word);
        _roundTrip = () => WakeLatencyBenchmarks.SharedTypedRoundTrip(array);
        _samples = PairedSamples.Start(_kind, "raw futex ping-pong", "Publish → WaitForChange", Iterations);
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
    public long FloorAndRoundTrip() => _samples!.Run(_floor!, _roundTrip!);

    private sealed class Config() : PairedConfig(warmups: 100, iterations: Iterations);
}
