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

public unsafe partial class SumBenchmarks
{
    private GeneratedMatrix _generated = null!;

    partial void SetupGenerated()
    {
        _generated = GeneratedMatrix.Create(_array.AsSpan(), new CreateOptions { Force = true });
    }

    partial void CleanupGenerated()
    {
        _generated.Dispose();
        GeneratedMatrix.Delete();
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
