using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// <see cref="AttachBenchmarks"/>' first attach against its floor, the bare system calls, in turns
/// (<see cref="PairedSamples"/>): 2,000 samples of 50 pairs, so that both run warm, as a service that
/// attaches often runs them.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public class PairedAttachBenchmarks
{
    private const int Iterations = 2_000;
    private const int PairsPerSample = 50;

    private string _name = "";
    private string _path = "";
    private PairedSamples? _samples;
    private Func<long>? _floor;
    private Func<long>? _attach;

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName("paired-attach");
        _path = Scratch.ShmPath(_name);
        // Disposed at once: the segment stays, and no mapping of it is left in this process to share.
        SharedArray.Create<double>(_name, [AttachBenchmarks.Rows, AttachBenchmarks.Columns], fill: 1.0).Dispose();
        _floor = () => AttachBenchmarks.BareAttach(_path);
        _attach = () => AttachBenchmarks.Attach(_name);
        _samples = PairedSamples.Start("first attach + dispose, 1000×1000 double", "open+fstat+mmap+header+munmap+close", "SharedArray.Attach+Dispose", Iterations, PairsPerSample);
    }

    [GlobalCleanup]
    public void Cleanup() => SharedArray.Delete(_name);

    [Benchmark(Description = "bare system calls and SharedArray.Attach+Dispose, in turns")]
    [BenchmarkCategory("Attach, paired")]
    public long FloorAndAttach() => _samples!.Run(_floor!, _attach!);

    private sealed class Config() : PairedConfig(warmups: 20, iterations: Iterations);
}
