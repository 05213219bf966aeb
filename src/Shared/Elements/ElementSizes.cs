using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>
/// A lower bound of <c>sizeof(T)</c> as the compiler sees it, for the "byte size overflows" rule, so a
/// declaration flagged as overflowing surely overflows: exact for primitives and the runtime's
/// element types; for a struct declared in source, the sum of its fields (padding ignored), or for
/// <c>LayoutKind.Explicit</c> the furthest field end (<c>FieldOffset</c> + size), and at least its
/// <c>StructLayout.Size</c>; for a struct from a referenced assembly, whose layout Roslyn does not
/// show, its largest field.
/// </summary>
internal static class ElementSizes
{
    private const int MaxDepth = 16;

    public static long MinimumSize(ITypeSymbol type) => MinimumSize(type, 0);

    private static long MinimumSize(ITypeSymbol type, int depth)
    {
        // The table's types (src/Shared/Elements/ElementTable.cs); a pointer-sized one is at least 4 bytes.
        if (type.TypeKind is not TypeKind.Enum && FullName(type) is { } fullName && ElementTable.ByDotNetName(fullName) is { } row)
        {
            return row.Size == ElementTable.PointerSized ? 4 : row.Size;
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) return 4;
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }) return MinimumSize(underlying, depth + 1);

        if (type.TypeKind != TypeKind.Struct || depth > MaxDepth) return 1;
        var layout = ReadLayout(type, out var declaredSize);
        long size = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field) continue;
            var fieldSize = MinimumSize(field.Type, depth + 1);
            size = layout switch
            {
                Layout.Sequential => size + fieldSize,
                // Fields may overlap: the struct reaches at least as far as its furthest field.
                Layout.Explicit => System.Math.Max(size, FieldOffset(field) + fieldSize),
                // Layout unknown: fields may overlap anywhere, but each fits in the struct.
                _ => System.Math.Max(size, fieldSize),
            };
        }
        size = System.Math.Max(size, declaredSize);
        return size > 0 ? size : 1;
    }

    private enum Layout
    {
        Sequential,
        Explicit,
        Unknown,
    }

    private const int LayoutKindExplicit = 2;

    /// <summary>
    /// The layout of <paramref name="type"/> and its <c>StructLayout.Size</c> (0 if none). Only source
    /// types show <c>[StructLayout]</c>: metadata types carry it as flags Roslyn does not expose.
    /// </summary>
    private static Layout ReadLayout(ITypeSymbol type, out long declaredSize)
    {
        declaredSize = 0;
        if (type.DeclaringSyntaxReferences.Length == 0) return Layout.Unknown;
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { Name: "StructLayoutAttribute" } attributeClass ||
                attributeClass.ToDisplayString() != "System.Runtime.InteropServices.StructLayoutAttribute")
            {
                continue;
            }
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Size" && argument.Value.Value is int size && size > 0) declaredSize = size;
            }
            if (attribute.ConstructorArguments.Length != 1) return Layout.Unknown;
            return System.Convert.ToInt32(attribute.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture) == LayoutKindExplicit
                ? Layout.Explicit
                : Layout.Sequential;
        }
        return Layout.Sequential;
    }

    /// <summary>The <c>[FieldOffset]</c> of a field of an explicit-layout struct (0 if missing, which the compiler reports).</summary>
    private static long FieldOffset(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.FieldOffsetAttribute" &&
                attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int offset && offset > 0)
            {
                return offset;
            }
        }
        return 0;
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
