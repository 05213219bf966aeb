using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedTyped.CodeAnalysis;

/// <summary>What the declaring class and the types around it must be for the generator to add members.</summary>
internal static class TypeRules
{
    /// <summary>Whether every declaration of <paramref name="type"/> carries <c>partial</c>.</summary>
    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration) return false;
            if (!HasPartialModifier(declaration)) return false;
        }
        return type.DeclaringSyntaxReferences.Length > 0;
    }

    public static bool HasPartialModifier(TypeDeclarationSyntax declaration)
    {
        foreach (var modifier in declaration.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.PartialKeyword)) return true;
        }
        return false;
    }

    /// <summary>The first generic type among <paramref name="type"/> and the types containing it, else <c>null</c>.</summary>
    public static INamedTypeSymbol? FirstGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.Arity > 0) return current;
        }
        return null;
    }

    /// <summary>The first type containing <paramref name="type"/> that is not partial, else <c>null</c>.</summary>
    public static INamedTypeSymbol? FirstNonPartialContainer(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current, cancellationToken)) return current;
        }
        return null;
    }
}
