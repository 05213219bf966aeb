using System.Collections.Immutable;

namespace SharedTyped.CodeAnalysis;

/// <summary>Why a declared shape is refused; <see cref="None"/> when it is fine.</summary>
internal enum ShapeProblem
{
    None,
    BadDimension,
    Overflow,
}

/// <summary>
/// The compile-time rules for <c>Shape</c>: every extent positive except a leading <c>-1</c>, and the
/// segment (header, padding and elements) addressable with a signed 64-bit byte count.
/// </summary>
internal static class ShapeRules
{
    /// <summary>Where the data of a segment starts: the header (8 + 8 bytes a dimension) rounded up to 64 bytes.</summary>
    public static long DataOffset(int rank) => 64L * ((8 + (8L * rank) + 63) / 64);

    /// <summary>
    /// Checks <paramref name="shape"/>; <paramref name="badIndex"/> is the first offending dimension of
    /// <see cref="ShapeProblem.BadDimension"/>, else -1.
    /// </summary>
    public static ShapeProblem Check(ImmutableArray<int> shape, long elementSize, out int badIndex)
    {
        badIndex = -1;
        for (var i = 0; i < shape.Length; i++)
        {
            var extent = shape[i];
            if (extent > 0 || (i == 0 && extent == KnownNames.DynamicExtent)) continue;
            badIndex = i;
            return ShapeProblem.BadDimension;
        }
        return FixedLength(shape) is { } length && Fits(length, elementSize, DataOffset(shape.Length)) ? ShapeProblem.None : ShapeProblem.Overflow;
    }

    /// <summary>Whether the shape has a leading <c>-1</c>.</summary>
    public static bool IsDynamic(ImmutableArray<int> shape) => shape.Length > 0 && shape[0] == KnownNames.DynamicExtent;

    /// <summary>The product of the fixed extents (a leading <c>-1</c> left out), or <c>null</c> when it overflows.</summary>
    public static long? FixedLength(ImmutableArray<int> shape)
    {
        long length = 1;
        for (var i = IsDynamic(shape) ? 1 : 0; i < shape.Length; i++)
        {
            if (shape[i] <= 0) continue;
            if (length > long.MaxValue / shape[i]) return null;
            length *= shape[i];
        }
        return length;
    }

    private static bool Fits(long length, long elementSize, long dataOffset) =>
        elementSize <= 0 || length <= (long.MaxValue - dataOffset) / elementSize;
}
