using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Attaching to an existing 1000×1000 <c>double</c> array and letting go of it, against the floor: the
/// system calls any attach must make (open, fstat, mmap, read the header, munmap, close); and a
/// re-attach of a segment this process maps already, which needs to map nothing. [MemoryDiagnoser]
/// shows what each allocates: without a logger nothing is formatted.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
[CategoriesColumn]
public unsafe class AttachBenchmarks
{
    public const int Rows = 1000;
    public const int Columns = 1000;

    private string _name = "";
    private string _path = "";
    private SharedArray<double>? _held;

    [GlobalSetup(Targets = [nameof(BareSystemCalls), nameof(AttachAndDispose)])]
    public void Setup()
    {
        _name = Scratch.UniqueName("attach");
        _path = Scratch.ShmPath(_name);
        // Disposed at once: the segment stays, and no mapping of it is left in this process to share.
        SharedArray.Create<double>(_name, [Rows, Columns], fill: 1.0).Dispose();
    }

    /// <summary>The same segment, with one array on it held open for the whole benchmark.</summary>
    [GlobalSetup(Target = nameof(ReattachAndDispose))]
    public void SetupHeld()
    {
        Setup();
        _held = SharedArray.Attach<double>(_name, [Rows, Columns]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _held?.Dispose();
        SharedArray.Delete(_name);
    }

    [Benchmark(Baseline = true, Description = "open+fstat+mmap+header+munmap+close")]
    [BenchmarkCategory("Attach")]
    public long BareSystemCalls() => BareAttach(_path);

    [Benchmark(Description = "SharedArray.Attach+Dispose")]
    [BenchmarkCategory("Attach")]
    public long AttachAndDispose() => Attach(_name);

    /// <summary>An attach while this process already maps the segment (another array on it is open).</summary>
    [Benchmark(Description = "SharedArray.Attach+Dispose, already mapped here")]
    [BenchmarkCategory("Attach")]
    public long ReattachAndDispose()
    {
        using var array = SharedArray.Attach<double>(_name, [Rows, Columns]);
        return array.Length;
    }

    /// <summary>The floor of an attach: the system calls any attach must make, and the header read, with no library code.</summary>
    public static long BareAttach(string path)
    {
        var fd = Posix.Open(path, Posix.O_RDWR | Posix.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Posix.Failure("open");
        }
        try
        {
            var size = Posix.SizeOf(fd);
            if (size < 8)
            {
                throw Posix.Failure("fstat");
            }
            var address = Posix.Mmap(0, (nuint)size, Posix.PROT_READ | Posix.PROT_WRITE, Posix.MAP_SHARED, fd, 0);
            if (address == -1)
            {
                throw Posix.Failure("mmap");
            }
            var header = new ReadOnlySpan<byte>((void*)address, (int)Math.Min(size, 4096));
            var headerLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            var rank = (header[5] << 16) | (header[6] << 8) | header[7];
            if (header[4] != 10 || rank != 2 || headerLength != 8 + 8 * rank)
            {
                throw new InvalidDataException($"'{path}' is not a 2-D float64 array.");
            }
            var elements = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]) * (long)BinaryPrimitives.ReadUInt64BigEndian(header[16..]);
            Posix.Munmap(address, (nuint)size);
            return elements;
        }
        finally
        {
            Posix.Close(fd);
        }
    }

    /// <summary>What the library does for it.</summary>
    public static long Attach(string name)
    {
        using var array = SharedArray.Attach<double>(name, [Rows, Columns]);
        return array.Length;
    }
}
