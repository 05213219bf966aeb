using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks;

/// <summary>
/// The same operations on 4 KiB pages and on huge pages, in one run: each on a tmpfs of its own, mounted
/// <c>huge=never</c> (the baseline), <c>huge=advise</c> and <c>huge=within_size</c>, so only the page size
/// differs. Needs root to mount; <see cref="Program"/> reports these as not measured otherwise.
/// 1 GiB of <c>double</c> and 20 M reads; 64 MiB and 1 M reads in quick mode.
/// </summary>
[Config(typeof(GigabyteConfig))]
[CategoriesColumn]
public unsafe class HugePageBenchmarks
{
    public const string CreateZeroCategory = "Create, zero";
    public const string CreateFillCategory = "Create, fill 1.5";
    public const string LoadCategory = "Load a to_file file";
    public const string ReadsCategory = "Random reads";

    public static long Elements => RunMode.Quick ? (64L << 20) / sizeof(double) : Gigabyte.Elements;

    public static int ReadCount => RunMode.Quick ? 1_000_000 : 20_000_000;

    private readonly Dictionary<string, PrivateTmpfs> _mounts = [];
    private readonly List<(string Name, string Directory)> _made = [];
    private readonly List<string> _madeFiles = [];
    private SharedArray<double>? _array;
    private SharedArray<double>? _reading;
    private int[] _indices = [];
    private string _file = "";

    [GlobalSetup(Targets = [nameof(CreateZero4K), nameof(CreateZeroAdvise), nameof(CreateZeroWithinSize), nameof(PopulateAdviseFloor),
        nameof(CreateFill4K), nameof(CreateFillAdvise), nameof(CreateFillWithinSize)])]
    public void MountAll()
    {
        foreach (var policy in new[] { "never", "advise", "within_size" })
        {
            _mounts[policy] = PrivateTmpfs.Mount(policy, 2 * Elements * sizeof(double));
        }
    }

    [GlobalSetup(Targets = [nameof(Load4K), nameof(LoadAdvise), nameof(LoadWithinSize)])]
    public void MountAllAndWriteFile()
    {
        MountAll();
        _file = Path.Combine(Scratch.FileDirectory, Scratch.UniqueName("huge-load-source") + ".bin");
        Gigabyte.WriteFile(_file, Elements);
    }

    [GlobalSetup(Target = nameof(RandomReads4K))]
    public void SetUpReads4K() => SetUpReads("never");

    [GlobalSetup(Target = nameof(RandomReadsAdvise))]
    public void SetUpReadsAdvise() => SetUpReads("advise");

    [GlobalSetup(Target = nameof(RandomReadsWithinSize))]
    public void SetUpReadsWithinSize() => SetUpReads("within_size");

    [GlobalCleanup]
    public void Cleanup()
    {
        RemoveMade();
        if (_reading is { } reading)
        {
            var name = reading.Name;
            reading.Dispose();
            SharedArray.Delete(name, new DeleteOptions { Directory = _mounts[_readingPolicy].Path });
        }
        if (_file.Length > 0)
        {
            Scratch.Remove(_file);
        }
        foreach (var mount in _mounts.Values)
        {
            mount.Dispose();
        }
        _mounts.Clear();
    }

    [IterationCleanup]
    public void RemoveMade()
    {
        _array?.Dispose();
        _array = null;
        foreach (var (name, directory) in _made)
        {
            SharedArray.Delete(name, new DeleteOptions { Directory = directory });
        }
        _made.Clear();
        foreach (var path in _madeFiles)
        {
            Scratch.Remove(path);
        }
        _madeFiles.Clear();
    }

    [Benchmark(Baseline = true, Description = "4 KiB pages (huge=never)")]
    [BenchmarkCategory(CreateZeroCategory)]
    public void CreateZero4K() => _array = SharedArray.Create<double>(Made("never"), [Elements], Options("never"));

    [Benchmark(Description = "huge pages (huge=advise)")]
    [BenchmarkCategory(CreateZeroCategory)]
    public void CreateZeroAdvise() => _array = SharedArray.Create<double>(Made("advise"), [Elements], Options("advise"));

    [Benchmark(Description = "huge pages (huge=within_size)")]
    [BenchmarkCategory(CreateZeroCategory)]
    public void CreateZeroWithinSize() => _array = SharedArray.Create<double>(Made("within_size"), [Elements], Options("within_size"));

    /// <summary>
    /// The floor of any reserved create on <c>huge=advise</c>: <c>posix_fallocate</c> has no mapping and
    /// gets 4 KiB pages there, so the huge pages must be faulted in through a mapping marked
    /// <c>MADV_HUGEPAGE</c>, and the kernel zeroes each one as it does. No library call in between.
    /// </summary>
    [Benchmark(Description = "floor on huge=advise: open, ftruncate, mmap, MADV_HUGEPAGE, MADV_POPULATE_WRITE")]
    [BenchmarkCategory(CreateZeroCategory)]
    public void PopulateAdviseFloor()
    {
        var path = Path.Combine(_mounts["advise"].Path, Scratch.UniqueName("huge-floor"));
        _madeFiles.Add(path);
        var length = (Elements * sizeof(double) + 64 + (2L << 20) - 1) / (2L << 20) * (2L << 20);
        var fd = Native.Posix.Open(path, Native.Posix.O_RDWR | Native.Posix.O_CREAT | Native.Posix.O_EXCL | Native.Posix.O_CLOEXEC, 0x180);
        if (fd < 0)
        {
            throw Native.Posix.Failure("open");
        }
        try
        {
            if (Native.Posix.FTruncate(fd, length) != 0)
            {
                throw Native.Posix.Failure("ftruncate");
            }
            var address = Native.Posix.Mmap(0, (nuint)length, Native.Posix.PROT_READ | Native.Posix.PROT_WRITE, Native.Posix.MAP_SHARED, fd, 0);
            if (address == -1)
            {
                throw Native.Posix.Failure("mmap");
            }
            try
            {
                if (Native.Posix.Madvise(address, (nuint)length, Native.Posix.MADV_HUGEPAGE) != 0
                    || Native.Posix.Madvise(address, (nuint)length, Native.Posix.MADV_POPULATE_WRITE) != 0)
                {
                    throw Native.Posix.Failure("madvise");
                }
            }
            finally
            {
                Native.Posix.Munmap(address, (nuint)length);
            }
        }
        finally
        {
            Native.Posix.Close(fd);
        }
    }

    [Benchmark(Baseline = true, Description = "4 KiB pages (huge=never)")]
    [BenchmarkCategory(CreateFillCategory)]
    public void CreateFill4K() => _array = SharedArray.Create<double>(Made("never"), [Elements], 1.5, Options("never"));

    [Benchmark(Description = "huge pages (huge=advise)")]
    [BenchmarkCategory(CreateFillCategory)]
    public void CreateFillAdvise() => _array = SharedArray.Create<double>(Made("advise"), [Elements], 1.5, Options("advise"));

    [Benchmark(Description = "huge pages (huge=within_size)")]
    [BenchmarkCategory(CreateFillCategory)]
    public void CreateFillWithinSize() => _array = SharedArray.Create<double>(Made("within_size"), [Elements], 1.5, Options("within_size"));

    [Benchmark(Baseline = true, Description = "4 KiB pages (huge=never)")]
    [BenchmarkCategory(LoadCategory)]
    public void Load4K() => _array = Load("never");

    [Benchmark(Description = "huge pages (huge=advise)")]
    [BenchmarkCategory(LoadCategory)]
    public void LoadAdvise() => _array = Load("advise");

    [Benchmark(Description = "huge pages (huge=within_size)")]
    [BenchmarkCategory(LoadCategory)]
    public void LoadWithinSize() => _array = Load("within_size");

    [Benchmark(Baseline = true, Description = "4 KiB pages (huge=never)")]
    [BenchmarkCategory(ReadsCategory)]
    public double RandomReads4K() => ReadRandomly();

    [Benchmark(Description = "huge pages (huge=advise)")]
    [BenchmarkCategory(ReadsCategory)]
    public double RandomReadsAdvise() => ReadRandomly();

    [Benchmark(Description = "huge pages (huge=within_size)")]
    [BenchmarkCategory(ReadsCategory)]
    public double RandomReadsWithinSize() => ReadRandomly();

    private string _readingPolicy = "";

    /// <summary>A filled array that stays mapped, and the same random indices for every page size.</summary>
    private void SetUpReads(string policy)
    {
        MountAll();
        _readingPolicy = policy;
        _reading = SharedArray.Create<double>(Scratch.UniqueName("huge-reads"), [Elements], 1.5, Options(policy));
        Console.WriteLine($"// huge={policy}: UsesHugePages = {_reading.UsesHugePages}");
        _indices = RandomIndices();
    }

    /// <summary>The same <see cref="ReadCount"/> random indices in every run.</summary>
    public static int[] RandomIndices(long elements = 0)
    {
        var random = new Random(20261201);
        var indices = new int[ReadCount];
        for (var k = 0; k < indices.Length; k++)
        {
            indices[k] = random.Next(0, (int)(elements > 0 ? elements : Elements));
        }
        return indices;
    }

    private double ReadRandomly() => ReadRandomly(_reading!, _indices);

    /// <summary>What a .NET user writes: the runtime's indexer, one bounds check per read.</summary>
    public static double ReadRandomly(SharedArray<double> array, int[] indices)
    {
        var sum = 0.0;
        for (var k = 0; k < indices.Length; k++)
        {
            sum += array[indices[k]];
        }
        return sum;
    }

    /// <summary>
    /// What a .NET user writes in a hot loop (measured in turns by <c>PairedReadsBenchmarks</c>): the whole array as one span, whose bounds check is on a
    /// register, so a read is the index load and the element load and the core keeps more of them in flight.
    /// </summary>
    public static double ReadRandomlyFromSpan(SharedArray<double> array, int[] indices)
    {
        ReadOnlySpan<double> span = array.AsSpan();
        var sum = 0.0;
        for (var k = 0; k < indices.Length; k++)
        {
            sum += span[indices[k]];
        }
        return sum;
    }

    private SharedArray<double> Load(string policy)
    {
        var options = new LoadOptions { Directory = _mounts[policy].Path, HugePages = policy == "never" ? HugePages.Off : HugePages.Prefer, AcceptExisting = false };
        return SharedArray.Load<double>(_file, Made(policy), options).Array;
    }

    private CreateOptions Options(string policy) => Options(policy, _mounts[policy]);

    /// <summary>What every benchmark creates with on the mount of <paramref name="policy"/>: huge pages wherever the mount has them.</summary>
    internal static CreateOptions Options(string policy, PrivateTmpfs mount) =>
        new() { Directory = mount.Path, HugePages = policy == "never" ? HugePages.Off : HugePages.Prefer };

    private string Made(string policy)
    {
        var name = Scratch.UniqueName("huge");
        _made.Add((name, _mounts[policy].Path));
        return name;
    }
}
