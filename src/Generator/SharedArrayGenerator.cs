using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SharedTyped.CodeAnalysis;
using SharedTyped.Generator.Model;

namespace SharedTyped.Generator;

/// <summary>
/// Turns each <c>[SharedArray&lt;T&gt;(Name = …, Shape = …)]</c> (or <c>[SharedArray(…)]</c> for
/// <c>double</c>) partial class into a typed shared array: the shape as constants, static
/// <c>Create</c>/<c>Attach</c>/<c>Load</c>/<c>Delete</c>, and a <c>ref</c> indexer whose strides are
/// constants. Invalid declarations produce nothing here; the analyzers explain them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SharedArrayGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var generic = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.GenericAttribute, static (node, _) => IsClass(node), static (context, token) => Parser.Parse(context, token))
            .WithTrackingName(TrackingNames.GenericDeclarations)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.ValidGenericDeclarations);

        var doubles = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.DoubleAttribute, static (node, _) => IsClass(node), static (context, token) => Parser.Parse(context, token))
            .WithTrackingName(TrackingNames.DoubleDeclarations)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.ValidDoubleDeclarations);

        context.RegisterSourceOutput(generic, static (output, model) => Emit(output, model!));
        context.RegisterSourceOutput(doubles, static (output, model) => Emit(output, model!));
    }

    private static bool IsClass(SyntaxNode node) => node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    private static void Emit(SourceProductionContext output, SharedArrayModel model)
    {
        output.CancellationToken.ThrowIfCancellationRequested();
        output.AddSource(model.HintName, Emitter.Emit(model));
    }
}
