using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks.Paired;

/// <summary>
/// <see cref="HugePages.Prefer"/> against 4 KiB pages (<see cref="HugePages.Off"/> on a <c>huge=never</c>
/// tmpfs), in turns (<see cref="PairedSamples"/>), on a <c>huge=within_size</c> and a <c>huge=advise</c>
/// tmpfs: create with zeros, create with a fill, load a <c>to_file</c> file, the first write to every
/// page of a zero-created segment, and random reads through a span of an array (of the same size, and of 1 GiB when that is larger) whose pages are huge by
/// then (its setup waits for <see cref="SharedArray{T}.WaitForHugePages"/> and prints how long the
/// background collapse took). Every iteration runs one pair of
/// each, so that all of them see the same machine; <see cref="Memory"/> runs them once on the machine as
/// it is and once after <see cref="MemoryFragmenter"/> has broken up its free memory. Needs root.
/// The machine's state (load, <c>/proc/buddyinfo</c>) and the kernel's compaction and huge-page
/// counters over the run are printed beside the results.
/// </summary>
[Config(typeof(Config))]
[CategoriesColumn]
public class PairedHugePageBenchmarks
{
    /// <summary>Pairs per operation in one run: a run's figure is the ratio of the two sides' medians over them (<see cref="PairedRuns"/>).</summary>
    private const int Iterations = 5;
    private const string FourK = "never";
    private static readonly string[] HugeMounts = ["within_size", "advise"];

    private readonly Dictionary<string, PrivateTmpfs> _mounts = [];
    private readonly Dictionary<(string Policy, long Elements), SharedArray<double>> _readers = [];
    private readonly Dictionary<long, int[]> _indices = [];
    private readonly List<(PairedSamples Samples, Func<long> Baseline, Func<long> Candidate)> _pairs = [];
    private MemoryFragmenter? _fragmenter;
    private Dictionary<string, long> _counters = [];
    private string _file = "";
    private string _setupState = "";

    /// <summary><c>as is</c>: the machine as it is (other work on it included); <c>fragmented</c>: after <see cref="MemoryFragmenter"/>.</summary>
    [Params("as is", "fragmented")]
    public string Memory { get; set; } = "as is";

    /// <summary>Set to a number of MiB, the size of the arrays instead of 1 GiB (a run that must fit a busy machine's afternoon).</summary>
    public const string SizeVariable = "SHAREDTYPED_BENCH_HUGE_MIB";

    private static long Elements =>
        !RunMode.Quick && Environment.GetEnvironmentVariable(SizeVariable) is { Length: > 0 } mebibytes
            ? (long.Parse(mebibytes, System.Globalization.CultureInfo.InvariantCulture) << 20) / sizeof(double)
            : HugePageBenchmarks.Elements;

    /// <summary>
    /// The sizes read at random: the arrays' size and, when that is smaller, 1 GiB as well. The reads'
    /// time does not grow with the size (always <see cref="HugePageBenchmarks.ReadCount"/> reads), and
    /// their gain does: 4 KiB pages of a smaller array need fewer page-table entries, which stay cached.
    /// </summary>
    private static long[] ReadSizes => Elements < HugePageBenchmarks.Elements ? [Elements, HugePageBenchmarks.Elements] : [Elements];

    [GlobalSetup]
    public void Setup()
    {
        if (Memory == "fragmented")
        {
            _fragmenter = MemoryFragmenter.Fragment(RunMode.Quick ? 512L << 20 : 16L << 30);
            Console.WriteLine($"// MemoryFragmenter: {_fragmenter.Report}");
        }
        _setupState = MemoryState.Describe();
        Console.WriteLine($"// memory at setup ({Memory}): {_setupState}; arrays of {Elements * sizeof(double) >> 20} MiB");
        _counters = MemoryState.Snapshot();
        foreach (var policy in HugeMounts.Prepend(FourK))
        {
            _mounts[policy] = PrivateTmpfs.Mount(policy, (Elements + ReadSizes.Sum()) * sizeof(double) + (ReadSizes.Length + 1) * (4L << 20) + (16L << 20));
        }
        _file = Path.Combine(Scratch.FileDirectory, Scratch.UniqueName("paired-huge-source") + ".bin");
        Gigabyte.WriteFile(_file, Elements);
        foreach (var (policy, elements) in HugeMounts.Prepend(FourK).SelectMany(p => ReadSizes.Select(e => (p, e))))
        {
            _indices[elements] = _indices.GetValueOrDefault(elements) ?? HugePageBenchmarks.RandomIndices(elements);
            var reader = SharedArray.Create<double>(Scratch.UniqueName("paired-huge-reads"), [elements], 1.5, HugePageBenchmarks.Options(policy, _mounts[policy]));
            _readers[(policy, elements)] = reader;
            // Prefer's huge pages arrive after the create: the reads are measured on the segment as it is once they have.
            var waited = Stopwatch.StartNew();
            var settled = reader.WaitForHugePages(TimeSpan.FromMinutes(10));
            var collapse = policy == FourK ? "" : $", after waiting {waited.ElapsedMilliseconds} ms for the collapse{(settled ? "" : " (not finished)")}";
            var line = $"huge={policy}: the array read at random has {reader.HugePageBytes >> 20} MiB on huge pages (data {reader.ByteLength >> 20} MiB, " +
                $"UsesHugePages {reader.UsesHugePages}){collapse}";
            Console.WriteLine($"// {line}");
            _setupState += $"; {line}";
        }
        foreach (var policy in HugeMounts)
        {
            var title = $"{Memory}, huge={policy}";
            Add($"Create, zero ({title})", policy, CreateZero);
            Add($"Create, fill 1.5 ({title})", policy, CreateFill);
            Add($"Load a to_file file ({title})", policy, Load);
            Add($"first write to every page ({title})", policy, FirstTouch);
            foreach (var elements in ReadSizes)
            {
                Add($"{HugePageBenchmarks.ReadCount / 1_000_000} M random reads, span, {elements * sizeof(double) >> 20} MiB ({title})", policy, p => Reads(p, elements));
            }
        }
    }

    private void Add(string title, string policy, Func<string, long> operation) =>
        _pairs.Add((PairedSamples.Start(title, "4 KiB pages (huge=never, Off)", $"Prefer (huge={policy})", Iterations), () => operation(FourK), () => operation(policy)));

    [GlobalCleanup]
    public void Cleanup()
    {
        // Whether the arrays read at random kept their huge pages through the pairs (smaps, as HugePageBytes reads it).
        var kept = string.Join("; ", _readers.Select(r => $"huge={r.Key.Policy}, {r.Key.Elements * sizeof(double) >> 20} MiB: {r.Value.HugePageBytes >> 20} MiB on huge pages"));
        Console.WriteLine($"// the arrays read at random at cleanup ({Memory}): {kept}");
        PairedSamples.RecordRuns($"{Memory}; setup: {_setupState}; at cleanup: {kept}");
        // Each memory state's figures as soon as it is done, besides the summary at the end of the run.
        PairedSamples.Print();
        Console.WriteLine($"// memory at cleanup ({Memory}): {MemoryState.Describe()}");
        Console.WriteLine($"// /proc/vmstat over the run ({Memory}): {MemoryState.Since(_counters)}");
        foreach (var ((policy, _), reader) in _readers)
        {
            var name = reader.Name;
            reader.Dispose();
            SharedArray.Delete(name, new DeleteOptions { Directory = _mounts[policy].Path });
        }
        _readers.Clear();
        _indices.Clear();
        if (_file.Length > 0)
        {
            Scratch.Remove(_file);
        }
        foreach (var mount in _mounts.Values)
        {
            mount.Dispose();
        }
        _mounts.Clear();
        _pairs.Clear();
        _fragmenter?.Dispose();
        _fragmenter = null;
    }

    [Benchmark(Description = "4 KiB pages and Prefer, every operation in turns")]
    [BenchmarkCategory("Huge pages, paired")]
    public void AllInTurns()
    {
        foreach (var (samples, baseline, candidate) in _pairs)
        {
            samples.RunMeasured(baseline, candidate);
        }
    }

    private long CreateZero(string policy) => Timed(policy, name => SharedArray.Create<double>(name, [Elements], Options(policy)), null);

    private long CreateFill(string policy) => Timed(policy, name => SharedArray.Create<double>(name, [Elements], 1.5, Options(policy)), null);

    private long Load(string policy) =>
        Timed(policy, name => SharedArray.Load<double>(_file, name, new LoadOptions { Directory = _mounts[policy].Path, HugePages = Options(policy).HugePages, AcceptExisting = false }).Array, null);

    /// <summary>Creates with zeros (not timed), then times one write to every 4 KiB of the data.</summary>
    private long FirstTouch(string policy) => Timed(policy, name => SharedArray.Create<double>(name, [Elements], Options(policy)), array =>
    {
        var span = array.AsSpan();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < span.Length; i += 4096 / sizeof(double))
        {
            span[i] = 1.0;
        }
        return Stopwatch.GetTimestamp() - start;
    });

    private long Reads(string policy, long elements)
    {
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(HugePageBenchmarks.ReadRandomlyFromSpan(_readers[(policy, elements)], _indices[elements]));
        return Stopwatch.GetTimestamp() - start;
    }

    private CreateOptions Options(string policy) => HugePageBenchmarks.Options(policy, _mounts[policy]);

    /// <summary>
    /// Makes a segment on the mount of <paramref name="policy"/> and removes it again; the time is the
    /// making, or what <paramref name="measure"/> times on the new array.
    /// </summary>
    private long Timed(string policy, Func<string, SharedArray<double>> make, Func<SharedArray<double>, long>? measure)
    {
        var name = Scratch.UniqueName("paired-huge");
        var start = Stopwatch.GetTimestamp();
        var array = make(name);
        var ticks = Stopwatch.GetTimestamp() - start;
        try
        {
            return measure is null ? ticks : measure(array);
        }
        finally
        {
            array.Dispose();
            SharedArray.Delete(name, new DeleteOptions { Directory = _mounts[policy].Path });
        }
    }

    private sealed class Config() : PairedConfig(warmups: 1, iterations: Iterations, timeout: TimeSpan.FromMinutes(90));
}
