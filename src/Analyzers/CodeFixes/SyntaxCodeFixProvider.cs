using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SharedTyped.CodeFixes;

/// <summary>
/// A fix that replaces one syntax node the diagnostic points into with a fixed copy: what every SharedTyped code
/// fix does. Subclasses say which node (<see cref="Find"/>) and how it is fixed (<see cref="Fix"/>).
/// </summary>
public abstract class SyntaxCodeFixProvider<TNode> : CodeFixProvider where TNode : SyntaxNode
{
    /// <summary>The fix as the light bulb shows it; also its equivalence key.</summary>
    protected abstract string Title { get; }

    /// <summary>The node to fix for <paramref name="diagnostic"/>, or null when there is nothing to fix.</summary>
    protected abstract TNode? Find(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>The fixed node.</summary>
    protected abstract TNode Fix(TNode node);

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not { } node) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, token => ApplyAsync(context.Document, node, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private async Task<Document> ApplyAsync(Document document, TNode node, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, Fix(node)));
    }
}
