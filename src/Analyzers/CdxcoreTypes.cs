using Microsoft.CodeAnalysis;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>cdxcore's dtype table (codes 0–14) as C# types: what numpy peers can read.</summary>
internal static class CdxcoreTypes
{
    public static bool Contains(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt16:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return true;
        }
        if (type.TypeKind != TypeKind.Struct) return false;
        return ElementSizes.FullName(type) is
            "System.Half" or
            "System.Numerics.Complex" or
            "SharedTyped.Complex64" or
            "SharedTyped.DateTime64" or
            "SharedTyped.TimeDelta64";
    }
}
