using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>
/// Which declarations inherit their members from the runtime (<c>src/Runtime/Declarations/DeclaredSharedArray{N}</c>):
/// a class (not a record, which may only derive from records) with no base class of its own, whose shape is fixed and
/// of rank 1 to <see cref="MaxRank"/>. Its generated part is then its constants, a private constructor and a
/// <c>Constants</c> struct the base class reads; every other declaration gets its members written into it. The
/// generator decides with this rule and the analyzers check clashes by it (docs/benchmarks.md, "Building 500 declarations").
/// </summary>
internal static class RuntimeBaseRule
{
    /// <summary>The highest rank the runtime has a base class for.</summary>
    public const int MaxRank = 4;

    /// <summary>The runtime base classes' name without the rank: <c>DeclaredSharedArray3</c> is rank 3's.</summary>
    public const string BaseName = "DeclaredSharedArray";

    /// <summary>The generated struct of the declaration's constants that the base class reads.</summary>
    public const string ConstantsName = "Constants";

    /// <summary>Whether the declaration of <paramref name="type"/> with <paramref name="shape"/> inherits from the runtime.</summary>
    public static bool Applies(INamedTypeSymbol type, ImmutableArray<int> shape) =>
        !type.IsRecord &&
        shape.Length is >= 1 and <= MaxRank &&
        !ShapeRules.IsDynamic(shape) &&
        (type.BaseType is null or { SpecialType: SpecialType.System_Object } || IsRuntimeBase(type.BaseType));

    /// <summary>Whether <paramref name="type"/> is one of the runtime's base classes, as the generated part declares it.</summary>
    public static bool IsRuntimeBase(INamedTypeSymbol? type) =>
        type is { Arity: 3, ContainingNamespace: { Name: "SharedTyped", ContainingNamespace.IsGlobalNamespace: true } } &&
        type.Name.StartsWith(BaseName, System.StringComparison.Ordinal) &&
        int.TryParse(type.Name.Substring(BaseName.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var rank) &&
        rank is >= 1 and <= MaxRank;
}
