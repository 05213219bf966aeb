using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedTyped.CodeAnalysis;

/// <summary>Why the declared class cannot receive the generated members; <see cref="None"/> when it can.</summary>
internal enum ClassKindProblem
{
    None,
    Static,
    Abstract,
    FileLocal,
}

/// <summary>Why the generated constructor cannot be written for the class; <see cref="None"/> when it can.</summary>
internal enum ConstructionProblem
{
    None,

    /// <summary>The class has a parameter list: every other constructor must call it (CS8862).</summary>
    PrimaryConstructor,

    /// <summary>The base class has no parameterless constructor the class may call (CS7036, CS1729, CS0122).</summary>
    BaseConstructor,

    /// <summary>A required member, which <c>new</c> in <c>Create</c> and <c>Attach</c> cannot set (CS9035).</summary>
    RequiredMember,
}

/// <summary>
/// What the class must be for the generator's second part to compile: an instantiable, non-file-local
/// class (the generated part adds instance members and is in a file of its own, and <c>Create</c> and
/// <c>Attach</c> return <c>new</c> instances) whose private constructor can call <c>base()</c> and
/// leave nothing required unset.
/// </summary>
internal static class ClassShapeRules
{
    /// <summary>Why the class's kind is refused; <paramref name="culprit"/> is the class, or the file-local type containing it.</summary>
    public static ClassKindProblem KindProblem(INamedTypeSymbol type, out INamedTypeSymbol culprit)
    {
        culprit = type;
        if (type.IsStatic) return ClassKindProblem.Static;
        if (type.IsAbstract) return ClassKindProblem.Abstract;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsFileLocal)
            {
                culprit = current;
                return ClassKindProblem.FileLocal;
            }
        }
        return ClassKindProblem.None;
    }

    /// <summary>
    /// Why the generated constructor cannot be written; <paramref name="culprit"/> is the primary
    /// constructor's class, the base class, or the required member.
    /// </summary>
    public static ConstructionProblem ConstructorProblem(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken, out ISymbol? culprit)
    {
        culprit = null;
        if (PrimaryConstructorParameters(type, cancellationToken) is not null)
        {
            culprit = type;
            return ConstructionProblem.PrimaryConstructor;
        }
        if (type.BaseType is { SpecialType: not SpecialType.System_Object, TypeKind: not TypeKind.Error } baseType && !HasCallableParameterlessConstructor(baseType, type, compilation))
        {
            culprit = baseType;
            return ConstructionProblem.BaseConstructor;
        }
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    culprit = member;
                    return ConstructionProblem.RequiredMember;
                }
            }
        }
        return ConstructionProblem.None;
    }

    /// <summary>The parameter list of a declaration of <paramref name="type"/> (<c>class A(int x)</c>), else <c>null</c>.</summary>
    public static ParameterListSyntax? PrimaryConstructorParameters(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: { } parameters }) return parameters;
        }
        return null;
    }

    /// <summary>The <c>static</c>, <c>abstract</c> or <c>file</c> modifier of a declaration of <paramref name="type"/>.</summary>
    public static SyntaxToken? Modifier(INamedTypeSymbol type, ClassKindProblem problem, CancellationToken cancellationToken)
    {
        var kind = problem switch
        {
            ClassKindProblem.Static => SyntaxKind.StaticKeyword,
            ClassKindProblem.Abstract => SyntaxKind.AbstractKeyword,
            _ => SyntaxKind.FileKeyword,
        };
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration) continue;
            foreach (var modifier in declaration.Modifiers)
            {
                if (modifier.IsKind(kind)) return modifier;
            }
        }
        return null;
    }

    /// <summary>The entry of the base list that names <paramref name="baseType"/>, matched by name.</summary>
    public static BaseTypeSyntax? BaseTypeSyntax(INamedTypeSymbol type, INamedTypeSymbol baseType, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList: { } baseList } || baseList.Types.Count == 0) continue;
            var first = baseList.Types[0];
            var name = first.Type switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name == baseType.Name) return first;
        }
        return null;
    }

    private static bool HasCallableParameterlessConstructor(INamedTypeSymbol baseType, INamedTypeSymbol type, Compilation compilation)
    {
        foreach (var constructor in baseType.InstanceConstructors)
        {
            if (!compilation.IsSymbolAccessibleWithin(constructor, type)) continue;
            var callable = true;
            foreach (var parameter in constructor.Parameters)
            {
                callable &= parameter.IsOptional || parameter.IsParams;
            }
            if (callable) return true;
        }
        return false;
    }
}
