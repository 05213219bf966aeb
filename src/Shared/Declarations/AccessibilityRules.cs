using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>
/// Whether the element type may appear in the generated members. They are <c>public</c> members of
/// the declared class (and of its public nested <c>ReadOnly</c>), so every type that spells the
/// element type must be at least as accessible as the class, or the generated code fails with
/// CS0050/CS0051/CS0053. The test is the compiler's (C# spec §7.5.5, accessibility constraints).
/// </summary>
internal static class AccessibilityRules
{
    /// <summary>
    /// The first type among the element type, the types containing it and its type arguments that is
    /// less accessible than <paramref name="type"/>; <c>null</c> when the element type may be exposed.
    /// </summary>
    public static INamedTypeSymbol? FirstLessAccessible(ITypeSymbol element, INamedTypeSymbol type)
    {
        if (element is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error) return null;

        for (var outer = named.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsAtLeastAsAccessible(outer, type)) return outer;
        }
        if (!IsAtLeastAsAccessible(named, type)) return named;
        for (var outer = named; outer is not null; outer = outer.ContainingType)
        {
            foreach (var argument in outer.TypeArguments)
            {
                if (FirstLessAccessible(argument, type) is { } found) return found;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a public member of <paramref name="type"/> may expose <paramref name="candidate"/>, judged
    /// on <paramref name="candidate"/>'s own declared accessibility: some type containing
    /// <paramref name="type"/> (or <paramref name="type"/> itself) must restrict at least as much.
    /// </summary>
    private static bool IsAtLeastAsAccessible(INamedTypeSymbol candidate, INamedTypeSymbol type)
    {
        var accessibility = candidate.DeclaredAccessibility;
        if (accessibility is Accessibility.Public or Accessibility.NotApplicable) return true;

        for (var scope = type; scope is not null; scope = scope.ContainingType)
        {
            if (Restricts(candidate, accessibility, scope)) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="scope"/>'s accessibility is at least as restrictive as <paramref name="candidate"/>'s.</summary>
    private static bool Restricts(INamedTypeSymbol candidate, Accessibility accessibility, INamedTypeSymbol scope)
    {
        var scopeAccessibility = scope.DeclaredAccessibility;
        var parent = candidate.ContainingType;
        var sameAssembly = HasInternalAccess(scope.ContainingAssembly, candidate.ContainingAssembly);
        switch (accessibility)
        {
            case Accessibility.Internal:
                return scopeAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal && sameAssembly;

            case Accessibility.ProtectedAndInternal:
                return scopeAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal && sameAssembly &&
                    RestrictsAsProtected(parent, scopeAccessibility, scope);

            case Accessibility.Protected:
                return RestrictsAsProtected(parent, scopeAccessibility, scope);

            case Accessibility.ProtectedOrInternal:
                if (parent is null) return false;
                return scopeAccessibility switch
                {
                    Accessibility.Private => sameAssembly || WithinSubclass(scope.ContainingType, parent),
                    Accessibility.Internal => sameAssembly,
                    Accessibility.Protected => InheritsFromOrEquals(scope.ContainingType, parent),
                    Accessibility.ProtectedAndInternal => sameAssembly || InheritsFromOrEquals(scope.ContainingType, parent),
                    Accessibility.ProtectedOrInternal => sameAssembly && InheritsFromOrEquals(scope.ContainingType, parent),
                    _ => false,
                };

            case Accessibility.Private:
                // A private nested type is visible only inside its parent: so must the scope be.
                if (parent is null || scopeAccessibility != Accessibility.Private) return false;
                for (var outer = scope.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    if (SymbolEqualityComparer.Default.Equals(outer.OriginalDefinition, parent.OriginalDefinition)) return true;
                }
                return false;

            default:
                return false;
        }
    }

    private static bool RestrictsAsProtected(INamedTypeSymbol? parent, Accessibility scopeAccessibility, INamedTypeSymbol scope)
    {
        if (parent is null) return false;
        return scopeAccessibility switch
        {
            Accessibility.Private => WithinSubclass(scope.ContainingType, parent),
            Accessibility.Protected or Accessibility.ProtectedAndInternal => InheritsFromOrEquals(scope.ContainingType, parent),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="type"/> or a type containing it derives from (or is) <paramref name="parent"/>.</summary>
    private static bool WithinSubclass(INamedTypeSymbol? type, INamedTypeSymbol parent)
    {
        for (var outer = type; outer is not null; outer = outer.ContainingType)
        {
            if (InheritsFromOrEquals(outer, parent)) return true;
        }
        return false;
    }

    private static bool InheritsFromOrEquals(INamedTypeSymbol? type, INamedTypeSymbol parent)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, parent.OriginalDefinition)) return true;
        }
        return false;
    }

    private static bool HasInternalAccess(IAssemblySymbol? from, IAssemblySymbol? to) =>
        from is not null && to is not null && (SymbolEqualityComparer.Default.Equals(from, to) || to.GivesAccessTo(from));
}
