using CommunityToolkit.HighPerformance;

namespace SharedTyped;

/// <summary>
/// CommunityToolkit.HighPerformance's <see cref="Span2D{T}"/> and <see cref="ReadOnlySpan2D{T}"/> over
/// rank-2 shared arrays: a matrix view with <c>[i, j]</c> indexing, rows, columns and slices, in place.
/// </summary>
/// <example>
/// <code>
/// using var m = SharedArray.Create&lt;double&gt;("m", [1000, 3]);
/// Span2D&lt;double&gt; view = m.AsSpan2D();
/// view.GetColumn(1).Fill(42.0);           // column 1 of the shared matrix
/// Span2D&lt;double&gt; top = view.Slice(0, 0, 10, 3);
/// </code>
/// </example>
/// <remarks>
/// Valid until the array is disposed. <see cref="Span2D{T}"/> counts rows and columns in <see cref="int"/>,
/// so a dimension beyond <see cref="int.MaxValue"/> is refused.
/// </remarks>
public static unsafe class SharedArraySpan2DExtensions
{
    /// <summary>A writable 2-D view of a rank-2 array: height = dimension 0, width = dimension 1.</summary>
    /// <exception cref="InvalidOperationException">The array is not of rank 2, or a dimension exceeds <see cref="int.MaxValue"/>.</exception>
    public static Span2D<T> AsSpan2D<T>(this SharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var (height, width) = Extents<T>(array.Name, array.Shape);
        return new Span2D<T>(array.DangerousGetPointer(), height, width, pitch: 0);
    }

    /// <summary>A read-only 2-D view of a rank-2 array.</summary>
    /// <exception cref="InvalidOperationException">The array is not of rank 2, or a dimension exceeds <see cref="int.MaxValue"/>.</exception>
    public static ReadOnlySpan2D<T> AsReadOnlySpan2D<T>(this SharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var (height, width) = Extents<T>(array.Name, array.Shape);
        return new ReadOnlySpan2D<T>(array.DangerousGetPointer(), height, width, pitch: 0);
    }

    /// <summary>A read-only 2-D view of a rank-2 array.</summary>
    /// <exception cref="InvalidOperationException">The array is not of rank 2, or a dimension exceeds <see cref="int.MaxValue"/>.</exception>
    public static ReadOnlySpan2D<T> AsSpan2D<T>(this ReadOnlySharedArray<T> array) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        var (height, width) = Extents<T>(array.Name, array.Shape);
        return new ReadOnlySpan2D<T>(array.DangerousGetPointer(), height, width, pitch: 0);
    }

    private static (int Height, int Width) Extents<T>(string name, ReadOnlySpan<long> shape) where T : unmanaged
    {
        if (shape.Length != 2)
        {
            throw new InvalidOperationException(
                $"{Describe.Array<T>(name, shape)} has rank {shape.Length}; a 2-D view needs rank 2.");
        }
        if (shape[0] > int.MaxValue || shape[1] > int.MaxValue)
        {
            throw new InvalidOperationException(
                $"{Describe.Array<T>(name, shape)} has a dimension beyond {int.MaxValue}, more than a 2-D span can index.");
        }
        return ((int)shape[0], (int)shape[1]);
    }
}
