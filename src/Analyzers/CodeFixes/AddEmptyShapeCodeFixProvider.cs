using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedTyped.Analyzers;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.CodeFixes;

/// <summary>Fixes ST0015 by adding <c>Shape = []</c> to the attribute: the scalar becomes a choice written down.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddEmptyShapeCodeFixProvider)), Shared]
public sealed class AddEmptyShapeCodeFixProvider : CodeFixProvider
{
    private const string Title = "Declare a scalar: Shape = []";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ShapeOmitted];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
            if (attribute is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, token => AddShapeAsync(context.Document, attribute, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> AddShapeAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var shape = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(KnownNames.ShapeProperty)),
            nameColon: null,
            SyntaxFactory.CollectionExpression());
        var arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        // After the last argument, separated as C# is usually written: ", Shape = []".
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        var list = arguments.Arguments.Count == 0
            ? SyntaxFactory.SingletonSeparatedList(shape)
            : SyntaxFactory.SeparatedList(arguments.Arguments.Add(shape), [.. arguments.Arguments.GetSeparators(), comma]);
        return document.WithSyntaxRoot(root.ReplaceNode(attribute, attribute.WithArgumentList(arguments.WithArguments(list))));
    }
}
