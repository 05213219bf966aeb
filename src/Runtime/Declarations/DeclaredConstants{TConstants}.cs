using System.Reflection;

namespace SharedTyped.Internals;

/// <summary>
/// The constants of one declaration, read once from the <see cref="DeclaredConstantsAttribute"/> on its
/// <c>Constants</c> struct. A class of its own with the struct as its only type argument, so that each declaration has
/// its own static fields and code that reads them is compiled for that declaration alone: once the class is
/// initialized, the JIT's optimizing tier compiles these <c>static readonly</c> fields as constants, and the base
/// class's indexer multiplies by literal strides (docs/benchmarks.md, "The generated indexer").
/// </summary>
/// <typeparam name="TConstants">The declaration's <c>Constants</c> struct.</typeparam>
internal static class DeclaredConstants<TConstants> where TConstants : struct
{
    private static readonly DeclaredConstantsAttribute s_attribute =
        typeof(TConstants).GetCustomAttribute<DeclaredConstantsAttribute>()
        ?? throw new InvalidOperationException($"'{typeof(TConstants)}' carries no [DeclaredConstants]: it is not the Constants struct the SharedTyped generator writes for a declaration.");

    /// <summary>The segment name.</summary>
    public static readonly string Name = s_attribute.Name;

    /// <summary>How exception messages name the array.</summary>
    public static readonly string Description = s_attribute.Description;

    /// <summary>The number of dimensions.</summary>
    public static readonly int Rank = s_attribute.Extents.Count;

    /// <summary>The extents; 1 beyond <see cref="Rank"/>, so that products over four dimensions hold for every rank.</summary>
    public static readonly int Dim0 = Extent(0), Dim1 = Extent(1), Dim2 = Extent(2), Dim3 = Extent(3);

    /// <summary>The shape the factories create and check.</summary>
    public static readonly long[] Shape = s_attribute.Extents.Select(static e => (long)e).ToArray();

    /// <summary>Whether every extent the attribute gives is positive.</summary>
    private static readonly bool s_positive = s_attribute.Extents.All(static e => e > 0);

    private static int Extent(int dimension) => dimension < s_attribute.Extents.Count ? s_attribute.Extents[dimension] : 1;

    /// <summary>Checks that the declaration's rank is the base class's.</summary>
    /// <param name="rank">The base class's rank.</param>
    public static void RequireRank(int rank)
    {
        if (Rank != rank || !s_positive)
        {
            throw new InvalidOperationException(
                $"{Description}: its [DeclaredConstants] gives the shape ({string.Join(", ", s_attribute.Extents)}), which does not fit a rank-{rank} declaration's base class.");
        }
    }
}
