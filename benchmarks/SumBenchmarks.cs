using System.IO.MemoryMappedFiles;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Summing a 1000×1000 <c>double</c> array element by element, row by row, against the same loop over
/// a raw <c>double*</c>. Every variant adds in the same order, so all return the same sum.
/// </summary>
[Config(typeof(MicroConfig))]
[CategoriesColumn]
public unsafe partial class SumBenchmarks
{
    private const int Rows = 1000;
    private const int Columns = 1000;
    private const string Category = "Sum 1000x1000";

    private string _name = "";
    private SharedArray<double> _array = null!;
    private double* _raw;
    private MemoryMappedFile _mappedFile = null!;
    private MemoryMappedViewAccessor _accessor = null!;
    private long _dataOffset;

    [GlobalSetup]
    public void Setup()
    {
        _name = Scratch.UniqueName("sum");
        _array = SharedArray.Create<double>(_name, [Rows, Columns]);
        var values = _array.AsSpan();
        for (var k = 0; k < values.Length; k++)
        {
            // Multiples of 1/4 below 2: every partial sum is exact, whatever the order.
            values[k] = (k % 8) * 0.25;
        }
        _raw = _array.DangerousGetPointer();
        _dataOffset = SharedArray.Inspect(_name).DataOffset;
        _mappedFile = MemoryMappedFile.CreateFromFile(Scratch.ShmPath(_name), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _accessor = _mappedFile.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        SetupGenerated();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CleanupGenerated();
        _accessor.Dispose();
        _mappedFile.Dispose();
        _array.Dispose();
        SharedArray.Delete(_name);
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

    partial void SetupGenerated();

    partial void CleanupGenerated();
}
