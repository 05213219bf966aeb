using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Sync;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// <see cref="WakeLatencyBenchmarks"/>' round trip against its floor, with both echoes on the second
/// core and every thread of this process on the first, pinned as <see cref="WakeLatencyBenchmarks"/>
/// pins them.
/// </summary>
[BenchmarkCategory("Wake, paired")]
public class PairedWakeBenchmarks() : WakeRoundTripPairs("wake round trip between two processes", pinned: true);
