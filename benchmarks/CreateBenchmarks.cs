using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Creating a 1 GiB array. A zero fill must cost nothing (fresh tmpfs pages are zero already); a non-zero
/// fill is measured against memset of a freshly mapped segment of the same size.
/// </summary>
[Config(typeof(GigabyteConfig))]
[CategoriesColumn]
public unsafe class CreateBenchmarks
{
    private const string ZeroCategory = "Create 1 GiB, fill 0";
    private const string ValueCategory = "Create 1 GiB, fill 1.5";
    private const double Fill = 1.5;

    private readonly List<string> _made = [];
    private SharedArray<double>? _array;
    private SharedArray<double>? _resident;

    [IterationCleanup]
    public void RemoveMade()
    {
        _array?.Dispose();
        _array = null;
        foreach (var path in _made)
        {
            Scratch.Remove(path);
        }
        _made.Clear();
    }

    [GlobalSetup(Target = nameof(MemsetResidentPages))]
    public void MapResidentPages()
    {
        // Filled once, so every page is allocated and mapped before the measurement starts.
        _resident = SharedArray.Create<double>(Made("resident"), [Gigabyte.Elements], fill: 1.0);
        _made.Clear();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        RemoveMade();
        if (_resident is { } resident)
        {
            var name = resident.Name;
            resident.Dispose();
            SharedArray.Delete(name);
        }
    }

    [Benchmark(Baseline = true, Description = "Create, no fill")]
    [BenchmarkCategory(ZeroCategory)]
    public void CreateWithoutFill() => _array = SharedArray.Create<double>(Made("create"), [Gigabyte.Elements]);

    [Benchmark(Description = "Create, fill 0")]
    [BenchmarkCategory(ZeroCategory)]
    public void CreateFillZero() => _array = SharedArray.Create<double>(Made("create-zero"), [Gigabyte.Elements], fill: 0.0);

    /// <summary>The floor for a filled segment: size a new tmpfs file, map it, memset it.</summary>
    [Benchmark(Baseline = true, Description = "open+ftruncate+mmap+memset")]
    [BenchmarkCategory(ValueCategory)]
    public void MemsetFreshMapping()
    {
        var size = SharedArray.Alignment + Gigabyte.DataBytes;
        var fd = Posix.Open(Scratch.ShmPath(Made("memset")), Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL | Posix.O_CLOEXEC, 0x180);
        if (fd < 0)
        {
            throw Posix.Failure("open");
        }
        try
        {
            if (Posix.FTruncate(fd, size) != 0)
            {
                throw Posix.Failure("ftruncate");
            }
            var address = Posix.Mmap(0, (nuint)size, Posix.PROT_READ | Posix.PROT_WRITE, Posix.MAP_SHARED, fd, 0);
            if (address == -1)
            {
                throw Posix.Failure("mmap");
            }
            NativeMemory.Fill((byte*)address + SharedArray.Alignment, (nuint)Gigabyte.DataBytes, 0x3F);
            Posix.Munmap(address, (nuint)size);
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>
    /// Not a create: the same memset over pages that are already allocated and mapped. It shows what
    /// the fill alone costs (memory bandwidth), so the rest of either create is allocation and mapping.
    /// </summary>
    [Benchmark(Description = "memset only, pages already resident")]
    [BenchmarkCategory(ValueCategory)]
    public void MemsetResidentPages() =>
        NativeMemory.Fill(_resident!.DangerousGetPointer(), (nuint)Gigabyte.DataBytes, 0x3F);

    [Benchmark(Description = "Create, fill 1.5")]
    [BenchmarkCategory(ValueCategory)]
    public void CreateFillValue() => _array = SharedArray.Create<double>(Made("create-fill"), [Gigabyte.Elements], fill: Fill);

    private string Made(string kind)
    {
        var name = Scratch.UniqueName(kind);
        _made.Add(Scratch.ShmPath(name));
        return name;
    }
}
