using System.Collections.Immutable;
using System.Linq;
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

            if (!IsValid(type, declaration, context.SemanticModel.Compilation, cancellationToken)) return null;

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
                new EquatableArray<int>(declaration.Shape),
                RuntimeBaseRule.Applies(type, declaration.Shape),
                type.InstanceConstructors.Any(static c => !c.IsImplicitlyDeclared && c.Parameters.Length == 0));
        }

        /// <summary>The error rules of the analyzers, which the generator must not emit past.</summary>
        private static bool IsValid(INamedTypeSymbol type, SharedArrayDeclaration declaration, Compilation compilation, CancellationToken cancellationToken)
        {
            var element = declaration.ElementType;
            if (element is null || !element.IsUnmanagedType || element.TypeKind == TypeKind.TypeParameter) return false;
            if (AccessibilityRules.FirstLessAccessible(element, type) is not null) return false;
            if (declaration.NameHasErrors || declaration.ShapeHasErrors) return false;
            if (SegmentNameRules.Check(declaration.Name) != SegmentNameProblem.None) return false;
            if (ShapeRules.Check(declaration.Shape, ElementSizes.MinimumSize(element), out _) != ShapeProblem.None) return false;
            if (TypeRules.FirstGeneric(type) is not null) return false;
            if (!TypeRules.IsPartial(type, cancellationToken) || TypeRules.FirstNonPartialContainer(type, cancellationToken) is not null) return false;
            if (ClassShapeRules.KindProblem(type, out _) != ClassKindProblem.None) return false;
            if (ClassShapeRules.ConstructorProblem(type, compilation, cancellationToken, out _) != ConstructionProblem.None) return false;
            return GeneratedMembers.Clashes(type, element, declaration.Shape, compilation).Count == 0;
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
        /// Roslyn accepts few characters in hint names, so any other character becomes <c>_</c> and a
        /// hash of the full name keeps such names apart.
        /// </summary>
        private static string HintName(INamedTypeSymbol type)
        {
            var parts = new System.Collections.Generic.List<string>();
            for (var current = type; current is not null; current = current.ContainingType)
            {
                parts.Insert(0, current.Name);
            }
            var typePath = string.Join("+", parts);
            parts.Clear();
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                parts.Insert(0, ns.Name);
            }
            parts.Add(typePath);
            var fullName = string.Join(".", parts);

            var name = new StringBuilder(fullName.Length + 16);
            var replaced = false;
            foreach (var c in fullName)
            {
                var safe = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '+';
                name.Append(safe ? c : '_');
                replaced |= !safe;
            }
            if (replaced)
            {
                name.Append('.').Append(Fnv1a(fullName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
            }
            return name.Append(".g.cs").ToString();
        }

        private static uint Fnv1a(string text)
        {
            var hash = 2166136261u;
            foreach (var c in text)
            {
                hash = unchecked((hash ^ c) * 16777619u);
            }
            return hash;
        }
    }
}
