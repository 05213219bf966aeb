using System.ComponentModel;

namespace SharedTyped;

/// <summary>
/// A declaration's constants as the runtime's base classes (<see cref="DeclaredSharedArray3{TSelf, TConstants, T}"/> and
/// its siblings of other ranks) read them: the generator puts it on the declaration's empty <c>Constants</c> struct,
/// with the declaration's own constants as arguments (<c>SegmentName</c>, <c>Dim0</c>, …). An attribute costs the
/// compiler a fraction of what members that return the same numbers cost, for every declaration of a library
/// (docs/benchmarks.md, "Building 500 declarations"); <c>DeclaredConstants&lt;TConstants&gt;</c> reads it once per declaration.
/// </summary>
/// <param name="name">The segment name.</param>
/// <param name="description">How exception messages name the array: <c>Shared array 'prices' (double, shape (10, 3))</c>.</param>
/// <param name="extents">The extents, one per dimension.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class DeclaredConstantsAttribute(string name, string description, params int[] extents) : Attribute
{
    /// <summary>The segment name.</summary>
    public string Name { get; } = name;

    /// <summary>How exception messages name the array.</summary>
    public string Description { get; } = description;

    /// <summary>The extents, one per dimension.</summary>
    public IReadOnlyList<int> Extents { get; } = extents;
}
