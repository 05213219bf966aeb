using BenchmarkDotNet.Attributes;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// The plain two-process ping-pong, as a user's producer and consumer run: no core pinning and no
/// helper spinners (<see cref="PairedWakeBenchmarks"/> has both). Left to the scheduler, a wake-up
/// that lands on a halted virtual CPU costs tens of microseconds; a wake path that keeps the hand-off
/// short keeps it on the fast path as often as the raw futex does.
/// </summary>
[BenchmarkCategory("Wake, plain")]
public class PlainWakeBenchmarks() : WakeRoundTripPairs("plain wake round trip (no pinning, no spinners)", pinned: false);
