using System.Numerics.Tensors;

namespace SharedTyped;

/// <summary>
/// <see cref="TensorSpan{T}"/> and <see cref="ReadOnlyTensorSpan{T}"/> views of shared arrays, so that
/// <see cref="Tensor"/>'s primitives (and anything else that takes a tensor span) work on shared
/// memory in place, without a copy. The view has the array's shape and dense C-order strides.
/// </summary>
/// <example>
/// <code>
/// using var m = SharedArray.Create&lt;float&gt;("m", [3, 4], fill: 1f);
/// TensorSpan&lt;float&gt; t = m.AsTensorSpan();
/// Tensor.Multiply(t, 2f, t);              // every element of the shared array is now 2
/// float total = Tensor.Sum&lt;float&gt;(t);   // 24
/// </code>
/// </example>
/// <remarks>
/// Like <see cref="SharedArray{T}.AsSpan()"/>, a view points into the mapping: it is valid until the
/// array is disposed and must not be used after that. A rank-0 array gives a view of rank 1 holding its one element.
/// </remarks>
public static unsafe class SharedArrayTensorExtensions
{
    /// <summary>A writable tensor view of the whole array, with its shape.</summary>
    public static TensorSpan<T> AsTensorSpan<T>(this SharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        Span<nint> lengths = stackalloc nint[Math.Max(array.Rank, 1)];
        return new TensorSpan<T>(array.DangerousGetPointer(), Lengths(array.Shape, array.Length, lengths), lengths);
    }

    /// <summary>A read-only tensor view of the whole array, with its shape.</summary>
    public static ReadOnlyTensorSpan<T> AsReadOnlyTensorSpan<T>(this SharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        Span<nint> lengths = stackalloc nint[Math.Max(array.Rank, 1)];
        return new ReadOnlyTensorSpan<T>(array.DangerousGetPointer(), Lengths(array.Shape, array.Length, lengths), lengths);
    }

    /// <summary>A read-only tensor view of the whole array, with its shape.</summary>
    public static ReadOnlyTensorSpan<T> AsTensorSpan<T>(this ReadOnlySharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        Span<nint> lengths = stackalloc nint[Math.Max(array.Rank, 1)];
        return new ReadOnlyTensorSpan<T>(array.DangerousGetPointer(), Lengths(array.Shape, array.Length, lengths), lengths);
    }

    /// <summary>Fills <paramref name="lengths"/> from the shape and returns the element count.</summary>
    private static nint Lengths(ReadOnlySpan<long> shape, long count, Span<nint> lengths)
    {
        if (shape.IsEmpty)
        {
            lengths[0] = 1;
            return 1;
        }
        for (var i = 0; i < shape.Length; i++)
        {
            lengths[i] = checked((nint)shape[i]);
        }
        return checked((nint)count);
    }
}
