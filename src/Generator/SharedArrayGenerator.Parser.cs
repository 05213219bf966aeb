using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SharedTyped.CodeAnalysis;
using SharedTyped.Generator.Model;

namespace SharedTyped.Generator;

public sealed partial class SharedArrayGenerator
{
    /// <summary>Symbol → model. Returns <c>null</c> for anything the generator cannot or should not emit.</summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat QualifiedFormat =
            SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
                SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        private static readonly SymbolDisplayFormat NamespaceFormat =
            QualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

        public static SharedArrayModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type) return null;

            // A class with both attributes, or one attribute on two partial declarations, is an error
            // reported elsewhere; emitting for either would clash.
            if (context.Attributes.Length != 1 || SharedArrayDeclaration.CountOn(type) != 1) return null;
            if (!SharedArrayDeclaration.TryRead(context.Attributes[0], context.SemanticModel.Compilation, out var declaration)) return null;
            cancellationToken.ThrowIfCancellationRequested();

            if (!IsValid(type, declaration, cancellationToken)) return null;

            var containing = ImmutableArray.CreateBuilder<ContainingTypeModel>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingTypeModel(Keyword(outer), Identifier(outer.Name)));
            }

            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(NamespaceFormat) : null;
            var element = declaration.ElementType!;
            return new SharedArrayModel(
                HintName(type),
                ns,
                new EquatableArray<ContainingTypeModel>(containing.ToImmutable()),
                type.IsRecord ? "record" : "class",
                Identifier(type.Name),
                element.ToDisplayString(QualifiedFormat),
                element.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
                declaration.Name!,
                new EquatableArray<int>(declaration.Shape));
        }

        /// <summary>The error rules of the analyzers, which the generator must not emit past.</summary>
        private static bool IsValid(INamedTypeSymbol type, SharedArrayDeclaration declaration, CancellationToken cancellationToken)
        {
            var element = declaration.ElementType;
            if (element is null || !element.IsUnmanagedType || element.TypeKind == TypeKind.TypeParameter) return false;
            if (declaration.NameHasErrors || declaration.ShapeHasErrors) return false;
            if (SegmentNameRules.Check(declaration.Name) != SegmentNameProblem.None) return false;
            if (ShapeRules.Check(declaration.Shape, ElementSizes.MinimumSize(element), out _) != ShapeProblem.None) return false;
            if (TypeRules.FirstGeneric(type) is not null) return false;
            return TypeRules.IsPartial(type, cancellationToken) && TypeRules.FirstNonPartialContainer(type, cancellationToken) is null;
        }

        private static string Keyword(INamedTypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Struct, IsRecord: true } => "record struct",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            { IsRecord: true } => "record",
            _ => "class",
        };

        private static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>
        /// <c>Namespace.Outer+Inner.g.cs</c>: <c>+</c> between nested types (as in metadata names) keeps
        /// the class <c>A.B</c> in namespace <c>N</c> apart from the class <c>B</c> in namespace <c>N.A</c>.
        /// </summary>
        private static string HintName(INamedTypeSymbol type)
        {
            var name = new StringBuilder();
            if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                name.Append(ns.ToDisplayString()).Append('.');
            }
            var types = new System.Collections.Generic.Stack<string>();
            for (var current = type; current is not null; current = current.ContainingType)
            {
                types.Push(current.Name);
            }
            name.Append(string.Join("+", types));
            return name.Append(".g.cs").ToString();
        }
    }
}
