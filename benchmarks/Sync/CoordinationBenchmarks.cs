using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks.Sync;

/// <summary>
/// <c>ReadConsistent</c> of a 1000×3 <c>double</c> array against a plain copy of it, and the
/// uncontended costs of <c>Publish</c> and of a <c>BeginWrite</c> scope against one FUTEX_WAKE system call.
/// </summary>
[Config(typeof(InProcessMicroConfig))]
[CategoriesColumn]
public unsafe class CoordinationBenchmarks
{
    private string _name = "";
    private SharedArray<double>? _array;
    private readonly double[] _copy = new double[3000];

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName("coord");
        _array = SharedArray.Create<double>(_name, [1000, 3], fill: 1.5);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _array?.Dispose();
        SharedArray.Delete(_name);
    }

    [Benchmark(Baseline = true, Description = "plain copy of 1000x3")]
    [BenchmarkCategory("Copy")]
    public double PlainCopy()
    {
        _array!.AsSpan().CopyTo(_copy);
        return _copy[2999];
    }

    [Benchmark(Description = "ReadConsistent of 1000x3")]
    [BenchmarkCategory("Copy")]
    public double ReadConsistent()
    {
        _array!.ReadConsistent(_copy);
        return _copy[2999];
    }

    [Benchmark(Baseline = true, Description = "one FUTEX_WAKE, no waiter")]
    [BenchmarkCategory("Publish")]
    public int FutexWake()
    {
        var word = (int*)_array!.DangerousGetPointer();
        Futex.WakeAll(word);
        return *word;
    }

    [Benchmark(Description = "Publish, uncontended")]
    [BenchmarkCategory("Publish")]
    public long Publish() => _array!.Publish();

    [Benchmark(Description = "BeginWrite + Dispose, uncontended")]
    [BenchmarkCategory("Publish")]
    public long BeginWriteAndDispose()
    {
        using var scope = _array!.BeginWrite();
        return 0;
    }
}
