using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>
/// A lower bound of <c>sizeof(T)</c> as the compiler sees it, for the "byte size overflows" rule:
/// exact for primitives and the runtime's element types, the sum of the fields for other structs
/// (padding ignored), so a declaration flagged as overflowing surely overflows.
/// </summary>
internal static class ElementSizes
{
    private const int MaxDepth = 16;

    public static long MinimumSize(ITypeSymbol type) => MinimumSize(type, 0);

    private static long MinimumSize(ITypeSymbol type, int depth)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                return 1;
            case SpecialType.System_Char:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
                return 2;
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return 4;
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
                return 8;
            case SpecialType.System_Decimal:
                return 16;
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) return 4;
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }) return MinimumSize(underlying, depth + 1);

        switch (FullName(type))
        {
            case "System.Half": return 2;
            case "System.Numerics.Complex": return 16;
            case "SharedTyped.Complex64": return 8;
            case "SharedTyped.DateTime64": return 8;
            case "SharedTyped.TimeDelta64": return 8;
        }

        if (type.TypeKind != TypeKind.Struct || depth > MaxDepth) return 1;
        long size = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                size += MinimumSize(field.Type, depth + 1);
            }
        }
        return size > 0 ? size : 1;
    }

    /// <summary><c>Namespace.Name</c> of a top-level type, else <c>null</c>.</summary>
    public static string? FullName(ITypeSymbol type)
    {
        if (type.ContainingType is not null || type.ContainingNamespace is null) return null;
        return type.ContainingNamespace.IsGlobalNamespace
            ? type.MetadataName
            : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
    }
}
