using SharedTyped.Diagnostics;
using System.IO.MemoryMappedFiles;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks;

/// <summary>The declaration the generated indexer comes from: the shape is a compile-time constant, as for users.</summary>
[SharedArray<double>(Name = GeneratedMatrix.Name, Shape = [1000, 1000])]
internal sealed partial class GeneratedMatrix
{
    /// <summary>A fixed name, since an attribute argument must be a constant; <see cref="Scratch.Sweep"/> knows it.</summary>
    public const string Name = Scratch.FixedPrefix + "generated-sum";
}

/// <summary>
/// Summing a 1000×1000 <c>double</c> array element by element, row by row, against the same loop over
/// a raw <c>double*</c>. Every variant reads the same pages of one segment (a second segment would sit
/// on other physical memory, whose TLB and cache behaviour differ from run to run), and adds in the
/// same order, so all return the same sum.
/// </summary>
[Config(typeof(MicroConfig))]
[CategoriesColumn]
public unsafe class SumBenchmarks
{
    private const int Rows = 1000;
    private const int Columns = 1000;
    private const string Category = "Sum 1000x1000";

    private GeneratedMatrix _generated = null!;
    private SharedArray<double> _array = null!;
    private double* _raw;
    private MemoryMappedFile _mappedFile = null!;
    private MemoryMappedViewAccessor _accessor = null!;
    private long _dataOffset;

    [GlobalSetup]
    public void Setup()
    {
        _generated = GeneratedMatrix.Create(new CreateOptions { Force = true });
        _array = _generated.Array;
        var values = _array.AsSpan();
        for (var k = 0; k < values.Length; k++)
        {
            // Multiples of 1/4 below 2: every partial sum is exact, whatever the order.
            values[k] = (k % 8) * 0.25;
        }
        _raw = _array.DangerousGetPointer();
        _dataOffset = SharedMemory.Inspect(GeneratedMatrix.Name).DataOffset;
        _mappedFile = MemoryMappedFile.CreateFromFile(Scratch.ShmPath(GeneratedMatrix.Name), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _accessor = _mappedFile.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _accessor.Dispose();
        _mappedFile.Dispose();
        _generated.Dispose();
        GeneratedMatrix.Delete();
    }

    [Benchmark(Baseline = true, Description = "raw double* loop")]
    [BenchmarkCategory(Category)]
    public double RawPointer()
    {
        var data = _raw;
        var sum = 0.0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                sum += data[i * Columns + j];
            }
        }
        return sum;
    }

    [Benchmark(Description = "SharedArray<double>[i, j]")]
    [BenchmarkCategory(Category)]
    public double RuntimeIndexer()
    {
        var array = _array;
        var sum = 0.0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                sum += array[i, j];
            }
        }
        return sum;
    }

    [Benchmark(Description = "MemoryMappedViewAccessor.ReadDouble")]
    [BenchmarkCategory(Category)]
    public double ViewAccessor()
    {
        var accessor = _accessor;
        var offset = _dataOffset;
        var sum = 0.0;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < Columns; j++)
            {
                sum += accessor.ReadDouble(offset + (i * Columns + j) * sizeof(double));
            }
        }
        return sum;
    }

    [Benchmark(Description = "generated indexer p[i, j]")]
    [BenchmarkCategory(Category)]
    public double GeneratedIndexer()
    {
        var matrix = _generated;
        var sum = 0.0;
        for (var i = 0; i < GeneratedMatrix.Dim0; i++)
        {
            for (var j = 0; j < GeneratedMatrix.Dim1; j++)
            {
                sum += matrix[i, j];
            }
        }
        return sum;
    }
}
