using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SharedTyped.Internals;

/// <summary>
/// What the code the generator writes into declared classes calls, so that it is written once here
/// rather than in every declaration. For generated code only: the members may change between versions.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedCodeHelpers
{
    /// <summary>Reports a rank-1 index outside the extent.</summary>
    /// <param name="description">How messages name the array: <c>Shared array 'x' (double, shape (5,))</c>.</param>
    /// <param name="i0">The index.</param>
    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(string description, int i0) =>
        throw new IndexOutOfRangeException($"{description}: index {i0} is out of range.");

    /// <summary>Reports indices outside the shape.</summary>
    /// <param name="description">How messages name the array.</param>
    /// <param name="i0">The index along dimension 0.</param>
    /// <param name="i1">The index along dimension 1.</param>
    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(string description, int i0, int i1) =>
        throw new IndexOutOfRangeException($"{description}: index ({i0}, {i1}) is out of range.");

    /// <summary>Reports indices outside the shape.</summary>
    /// <param name="description">How messages name the array.</param>
    /// <param name="i0">The index along dimension 0.</param>
    /// <param name="i1">The index along dimension 1.</param>
    /// <param name="i2">The index along dimension 2.</param>
    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(string description, int i0, int i1, int i2) =>
        throw new IndexOutOfRangeException($"{description}: index ({i0}, {i1}, {i2}) is out of range.");

    /// <summary>Reports indices outside the shape, for rank 4 and more.</summary>
    /// <param name="description">How messages name the array.</param>
    /// <param name="indices">The indices.</param>
    [DoesNotReturn]
    public static void ThrowIndexOutOfRange(string description, params int[] indices) =>
        throw new IndexOutOfRangeException($"{description}: index ({string.Join(", ", indices)}) is out of range.");

    /// <summary>Reports a row outside dimension 0.</summary>
    /// <param name="description">How messages name the array.</param>
    /// <param name="i0">The row.</param>
    [DoesNotReturn]
    public static void ThrowRowOutOfRange(string description, int i0) =>
        throw new IndexOutOfRangeException($"{description}: row {i0} is out of range.");

    /// <summary>Checks an extent given to a <c>Create</c> of a declaration with a dynamic leading extent.</summary>
    /// <param name="extent">The extent.</param>
    /// <param name="parameter">The parameter's name, filled in by the compiler.</param>
    /// <returns>The extent.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The extent is negative.</exception>
    public static long Extent(int extent, [CallerArgumentExpression(nameof(extent))] string? parameter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extent, parameter);
        return extent;
    }

    /// <summary>
    /// The leading extent of a declaration with a dynamic one, which its indexer takes as an <see cref="int"/>;
    /// disposes <paramref name="array"/> and throws when it is larger.
    /// </summary>
    /// <param name="array">The array just created or attached.</param>
    /// <param name="segmentName">The declaration's segment name.</param>
    /// <param name="typeName">The declared class's name.</param>
    /// <returns>The leading extent.</returns>
    /// <exception cref="SharedArrayMismatchException">The leading extent is larger than <see cref="int.MaxValue"/>.</exception>
    public static int LeadingExtent(ISharedArray array, string segmentName, string typeName)
    {
        ArgumentNullException.ThrowIfNull(array);
        var extent = array.Shape[0];
        if (extent > int.MaxValue)
        {
            array.Dispose();
            throw new SharedArrayMismatchException($"Shared array '{segmentName}' has a leading extent of {extent}; {typeName} indexes it with an int, so at most {int.MaxValue}.");
        }
        return (int)extent;
    }

    /// <summary>Checks that <paramref name="source"/> is whole rows of a declaration with a dynamic leading extent.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The elements given to <c>Create</c>.</param>
    /// <param name="rowLength">The elements of one row.</param>
    /// <param name="segmentName">The declaration's segment name.</param>
    /// <returns>The number of rows.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not a whole number of rows.</exception>
    public static long Rows<T>(ReadOnlySpan<T> source, long rowLength, string segmentName)
    {
        if (source.Length % rowLength != 0)
        {
            throw new ArgumentException($"Shared array '{segmentName}' has rows of {rowLength} elements; {source.Length} elements are not a whole number of rows.", nameof(source));
        }
        return source.Length / rowLength;
    }

    /// <summary>The array of a load's result, and whether an existing segment was attached.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="result">What <c>SharedArray.Load</c> returned.</param>
    /// <param name="attached">Whether an existing segment was attached instead of reading the file.</param>
    /// <returns>The array.</returns>
    public static SharedArray<T> Loaded<T>(LoadResult<T> result, out bool attached) where T : unmanaged
    {
        attached = result.Attached;
        return result.Array;
    }
}
