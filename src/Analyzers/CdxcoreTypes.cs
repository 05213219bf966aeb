using Microsoft.CodeAnalysis;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>cdxcore's dtype table (codes 0–14) as C# types: what numpy peers can read (src/Shared/Elements/ElementTable.cs).</summary>
internal static class CdxcoreTypes
{
    public static bool Contains(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Struct && ElementSizes.FullName(type) is { } fullName && ElementTable.ByDotNetName(fullName) is { IsCdxcore: true };
}
