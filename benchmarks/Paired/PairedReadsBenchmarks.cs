using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// <see cref="HugePageBenchmarks"/>' random reads on 4 KiB pages against the same reads on huge pages,
/// in turns (<see cref="PairedSamples"/>): three filled arrays, one per tmpfs, mapped side by side for
/// the whole run, and the same indices for all of them. Needs root, as the huge-page benchmarks do.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public class PairedReadsBenchmarks
{
    private const int Iterations = 20;

    private readonly Dictionary<string, PrivateTmpfs> _mounts = [];
    private readonly Dictionary<string, SharedArray<double>> _arrays = [];
    private int[] _indices = [];
    private PairedSamples? _samples;
    private Func<long>? _baseline;
    private Func<long>? _candidate;

    [GlobalSetup(Target = nameof(IndexerAdvise))]
    public void SetupIndexerAdvise() => Setup("indexer", "advise", HugePageBenchmarks.ReadRandomly);

    [GlobalSetup(Target = nameof(IndexerWithinSize))]
    public void SetupIndexerWithinSize() => Setup("indexer", "within_size", HugePageBenchmarks.ReadRandomly);

    [GlobalSetup(Target = nameof(SpanAdvise))]
    public void SetupSpanAdvise() => Setup("span", "advise", HugePageBenchmarks.ReadRandomlyFromSpan);

    [GlobalSetup(Target = nameof(SpanWithinSize))]
    public void SetupSpanWithinSize() => Setup("span", "within_size", HugePageBenchmarks.ReadRandomlyFromSpan);

    private void Setup(string loop, string policy, Func<SharedArray<double>, int[], double> read)
    {
        foreach (var each in new[] { "never", policy })
        {
            _mounts[each] = PrivateTmpfs.Mount(each, 2 * HugePageBenchmarks.Elements * sizeof(double));
            var array = SharedArray.Create<double>(Scratch.UniqueName("paired-reads"), [HugePageBenchmarks.Elements], 1.5, HugePageBenchmarks.Options(each, _mounts[each]));
            _arrays[each] = array;
            Console.WriteLine($"// huge={each}: UsesHugePages = {array.UsesHugePages}");
        }
        _indices = HugePageBenchmarks.RandomIndices();
        var fourK = _arrays["never"];
        var huge = _arrays[policy];
        _baseline = () => (long)read(fourK, _indices);
        _candidate = () => (long)read(huge, _indices);
        _samples = PairedSamples.Start($"{HugePageBenchmarks.ReadCount / 1_000_000} M random reads, {loop}", "4 KiB pages (huge=never)", $"huge pages (huge={policy})", Iterations);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (policy, array) in _arrays)
        {
            var name = array.Name;
            array.Dispose();
            SharedArray.Delete(name, new DeleteOptions { Directory = _mounts[policy].Path });
        }
        _arrays.Clear();
        foreach (var mount in _mounts.Values)
        {
            mount.Dispose();
        }
        _mounts.Clear();
    }

    [Benchmark(Description = "indexer: 4 KiB and huge=advise, in turns")]
    [BenchmarkCategory("Random reads, paired")]
    public long IndexerAdvise() => _samples!.Run(_baseline!, _candidate!);

    [Benchmark(Description = "indexer: 4 KiB and huge=within_size, in turns")]
    [BenchmarkCategory("Random reads, paired")]
    public long IndexerWithinSize() => _samples!.Run(_baseline!, _candidate!);

    [Benchmark(Description = "span: 4 KiB and huge=advise, in turns")]
    [BenchmarkCategory("Random reads, paired")]
    public long SpanAdvise() => _samples!.Run(_baseline!, _candidate!);

    [Benchmark(Description = "span: 4 KiB and huge=within_size, in turns")]
    [BenchmarkCategory("Random reads, paired")]
    public long SpanWithinSize() => _samples!.Run(_baseline!, _candidate!);

    private sealed class Config() : PairedConfig(warmups: 2, iterations: Iterations);
}
