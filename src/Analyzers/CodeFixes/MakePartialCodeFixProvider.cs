using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedTyped.Analyzers;

namespace SharedTyped.CodeFixes;

/// <summary>Fixes ST0003 by adding <c>partial</c> to the type declaration the diagnostic points at.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : SyntaxCodeFixProvider<TypeDeclarationSyntax>
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.TypeNotPartial];

    /// <inheritdoc/>
    protected override string Title => "Make the type partial";

    /// <inheritdoc/>
    protected override TypeDeclarationSyntax? Find(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
            && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)
            ? declaration
            : null;

    /// <inheritdoc/>
    protected override TypeDeclarationSyntax Fix(TypeDeclarationSyntax declaration) => WithPartial(declaration);

    /// <summary>
    /// Adds <c>partial</c> as the last modifier (C# wants it right before <c>class</c>); with no
    /// modifiers, it takes over the leading trivia of the keyword so comments and indentation stay put.
    /// </summary>
    internal static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.WithModifiers(declaration.Modifiers.Add(partial));
        }
        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
