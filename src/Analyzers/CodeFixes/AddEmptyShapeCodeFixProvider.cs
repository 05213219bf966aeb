using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedTyped.Analyzers;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.CodeFixes;

/// <summary>Fixes ST0015 by adding <c>Shape = []</c> to the attribute: the scalar becomes a choice written down.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddEmptyShapeCodeFixProvider)), Shared]
public sealed class AddEmptyShapeCodeFixProvider : SyntaxCodeFixProvider<AttributeSyntax>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ShapeOmitted];

    /// <inheritdoc/>
    protected override string Title => "Declare a scalar: Shape = []";

    /// <inheritdoc/>
    protected override AttributeSyntax? Find(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>Appends <c>Shape = []</c> after the last argument, separated as C# is usually written: <c>, Shape = []</c>.</summary>
    protected override AttributeSyntax Fix(AttributeSyntax attribute)
    {
        var shape = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(KnownNames.ShapeProperty)),
            nameColon: null,
            SyntaxFactory.CollectionExpression());
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        var list = arguments.Arguments.Count == 0
            ? SyntaxFactory.SingletonSeparatedList(shape)
            : SyntaxFactory.SeparatedList(arguments.Arguments.Add(shape), [.. arguments.Arguments.GetSeparators(), comma]);
        return attribute.WithArgumentList(arguments.WithArguments(list));
    }
}
