using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// The plain two-process ping-pong in a tight loop, as <see cref="PingPong"/> (<c>--pingpong</c>) runs it, for
/// BenchmarkDotNet's mean: each invocation is <see cref="RoundTrips"/> round trips back to back, so the time per
/// operation is one round trip (a one-way wake is half of it). No pinning, no helper spinners. BenchmarkDotNet
/// runs one benchmark after the other, so the two may land in different modes of the machine; the percentiles
/// and ratios of the two in turns are <c>--pingpong</c>'s.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public unsafe class PingPongBenchmarks
{
    public const int RoundTrips = 20_000;

    private string _name = "";
    private SharedArray<int>? _array;
    private Process? _echo;
    private int _word;

    [GlobalSetup(Target = nameof(RawFutex))]
    public void SetupFutex() => Setup("futex");

    [GlobalSetup(Target = nameof(PublishAndWaitForChange))]
    public void SetupSharedTyped() => Setup("sharedtyped");

    private void Setup(string mode)
    {
        _name = Scratch.UniqueName("pingpong-" + mode);
        _array = SharedArray.Create<int>(_name, [16]);
        _echo = Echo.Start(mode, _name);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Echo.Stop(_echo);
        _echo = null;
        _array?.Dispose();
        SharedArray.Delete(_name);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips, Description = "raw futex ping-pong, per round trip")]
    [BenchmarkCategory("Ping-pong")]
    public int RawFutex()
    {
        var word = _array!.DangerousGetPointer();
        var last = _word;
        for (var i = 0; i < RoundTrips; i++)
        {
            last = WakeLatencyBenchmarks.FutexRoundTrip(word, last);
        }
        return _word = last;
    }

    [Benchmark(OperationsPerInvoke = RoundTrips, Description = "Publish → WaitForChange ping-pong, per round trip")]
    [BenchmarkCategory("Ping-pong")]
    public long PublishAndWaitForChange()
    {
        var array = _array!;
        long seen = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            seen = WakeLatencyBenchmarks.SharedTypedRoundTrip(array);
        }
        return seen;
    }

    /// <summary>In process (the other side is a process of its own anyway); each iteration one invocation of <see cref="RoundTrips"/> round trips.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Infrastructure.RunMode.Quick ? Infrastructure.RunMode.QuickJob : Infrastructure.RunMode.OneInvocationPerIteration(warmups: 2, iterations: 15).WithId("Full"));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}
