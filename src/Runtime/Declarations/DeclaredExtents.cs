using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>The shape a <c>Create</c> of a declaration with a dynamic leading extent asks for: the declared shape with its <c>-1</c> filled in.</summary>
internal static class DeclaredExtents
{
    /// <summary>The declared shape with <paramref name="rows"/> as its leading extent, written into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    public static ReadOnlySpan<long> With(ReadOnlySpan<long> declared, int rows, Span<long> destination, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(rows))] string? parameter = null)
    {
        declared.CopyTo(destination);
        destination[0] = GeneratedCodeHelpers.Extent(rows, parameter);
        return destination;
    }

    /// <summary>The declared shape with as many rows as <paramref name="source"/> holds; it must hold whole rows.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not a whole number of rows.</exception>
    public static ReadOnlySpan<long> RowsOf<T>(string name, ReadOnlySpan<long> declared, ReadOnlySpan<T> source, Span<long> destination)
    {
        declared.CopyTo(destination);
        long rowLength = 1;
        for (var k = 1; k < declared.Length; k++)
        {
            rowLength *= declared[k];
        }
        destination[0] = GeneratedCodeHelpers.Rows(source, rowLength, name);
        return destination;
    }
}
