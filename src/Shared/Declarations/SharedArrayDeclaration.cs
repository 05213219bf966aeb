using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>
/// What one <c>[SharedArray]</c> attribute declares, read from its <see cref="AttributeData"/>. Lives
/// only inside one transform or analyzer callback: it holds symbols and must never reach a pipeline model.
/// </summary>
internal readonly struct SharedArrayDeclaration
{
    private SharedArrayDeclaration(ITypeSymbol? elementType, bool isGeneric, string? name, bool nameHasErrors, ImmutableArray<int> shape, bool shapeHasErrors)
    {
        ElementType = elementType;
        IsGeneric = isGeneric;
        Name = name;
        NameHasErrors = nameHasErrors;
        Shape = shape;
        ShapeHasErrors = shapeHasErrors;
    }

    /// <summary>The element type; <c>null</c> when the attribute does not bind.</summary>
    public ITypeSymbol? ElementType { get; }

    /// <summary>Whether this is <c>SharedArrayAttribute&lt;T&gt;</c> (else the <c>double</c> one).</summary>
    public bool IsGeneric { get; }

    /// <summary>The <c>Name</c> argument; <c>null</c> when missing or null.</summary>
    public string? Name { get; }

    /// <summary>The <c>Name</c> argument does not compile; the compiler reports it.</summary>
    public bool NameHasErrors { get; }

    /// <summary>The <c>Shape</c> argument; empty (a scalar) when missing or null.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>The <c>Shape</c> argument does not compile; the compiler reports it.</summary>
    public bool ShapeHasErrors { get; }

    /// <summary>Whether the compilation can see either attribute; analyzers skip compilations that cannot.</summary>
    public static bool IsAvailableIn(Compilation compilation) =>
        compilation.GetTypeByMetadataName(KnownNames.GenericAttribute) is not null ||
        compilation.GetTypeByMetadataName(KnownNames.DoubleAttribute) is not null;

    /// <summary>Whether <paramref name="attributeClass"/> is one of the two <c>[SharedArray]</c> attributes.</summary>
    public static bool IsSharedArrayAttribute(INamedTypeSymbol? attributeClass, out bool isGeneric)
    {
        isGeneric = false;
        if (attributeClass is null || attributeClass.ContainingType is not null) return false;
        var ns = attributeClass.ContainingNamespace;
        if (ns is null || ns.Name != "SharedTyped" || ns.ContainingNamespace is not { IsGlobalNamespace: true }) return false;
        if (attributeClass.Name != "SharedArrayAttribute") return false;
        isGeneric = attributeClass.Arity == 1;
        return attributeClass.Arity <= 1;
    }

    /// <summary>Counts the <c>[SharedArray]</c> attributes of either kind on <paramref name="type"/>.</summary>
    public static int CountOn(INamedTypeSymbol type)
    {
        var count = 0;
        foreach (var attribute in type.GetAttributes())
        {
            if (IsSharedArrayAttribute(attribute.AttributeClass, out _)) count++;
        }
        return count;
    }

    /// <summary>Reads <paramref name="attribute"/>; <c>false</c> when it is not a <c>[SharedArray]</c> attribute.</summary>
    public static bool TryRead(AttributeData attribute, Compilation compilation, out SharedArrayDeclaration declaration)
    {
        declaration = default;
        var attributeClass = attribute.AttributeClass;
        if (!IsSharedArrayAttribute(attributeClass, out var isGeneric)) return false;

        ITypeSymbol? elementType = isGeneric
            ? attributeClass!.TypeArguments[0]
            : compilation.GetSpecialType(SpecialType.System_Double);
        if (elementType.TypeKind == TypeKind.Error) elementType = null;

        string? name = null;
        var nameHasErrors = false;
        var shape = ImmutableArray<int>.Empty;
        var shapeHasErrors = false;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (argument.Key == KnownNames.NameProperty)
            {
                nameHasErrors = value.Kind == TypedConstantKind.Error;
                name = value.IsNull ? null : value.Value as string;
            }
            else if (argument.Key == KnownNames.ShapeProperty)
            {
                shapeHasErrors = !TryReadShape(value, out shape);
            }
        }

        declaration = new SharedArrayDeclaration(elementType, isGeneric, name, nameHasErrors, shape, shapeHasErrors);
        return true;
    }

    private static bool TryReadShape(TypedConstant value, out ImmutableArray<int> shape)
    {
        shape = ImmutableArray<int>.Empty;
        if (value.Kind == TypedConstantKind.Error) return false;
        if (value.IsNull) return true;
        if (value.Kind != TypedConstantKind.Array) return false;
        var builder = ImmutableArray.CreateBuilder<int>(value.Values.Length);
        foreach (var item in value.Values)
        {
            if (item.Value is not int extent) return false;
            builder.Add(extent);
        }
        shape = builder.MoveToImmutable();
        return true;
    }
}
