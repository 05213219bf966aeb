using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>
/// Warns when two classes in one compilation declare the same segment name with different element
/// types or shapes: whichever creates the segment first, the other fails to attach. Needs the whole
/// compilation, so it reports at the end of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SegmentNameConflictAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.ConflictingDeclarations];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.GenericAttribute) is null &&
                start.Compilation.GetTypeByMetadataName(KnownNames.DoubleAttribute) is null)
            {
                return;
            }

            var declared = new ConcurrentBag<Declared>();
            start.RegisterSymbolAction(symbol => Collect(symbol, declared), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => Report(end, declared));
        });
    }

    private static void Collect(SymbolAnalysisContext context, ConcurrentBag<Declared> declared)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class) return;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SharedArrayDeclaration.TryRead(attribute, context.Compilation, out var declaration)) continue;
            if (declaration.Name is not { Length: > 0 } name || declaration.ElementType is null || declaration.ShapeHasErrors) continue;
            var locations = new AttributeLocations(attribute, type.Locations[0], context.CancellationToken);
            declared.Add(new Declared(
                name,
                type.ToDisplayString(),
                declaration.ElementType.ToDisplayString(),
                SharedArrayDeclarationAnalyzer.ShapeText(declaration.Shape),
                locations.Argument(KnownNames.NameProperty)));
        }
    }

    private static void Report(CompilationAnalysisContext context, ConcurrentBag<Declared> declared)
    {
        foreach (var group in declared.GroupBy(static d => d.Name, System.StringComparer.Ordinal))
        {
            // Sorted, so that each declaration names the same counterpart on every run.
            var members = group.OrderBy(static d => d.TypeName, System.StringComparer.Ordinal).ToList();
            foreach (var member in members)
            {
                var other = members.FirstOrDefault(o => o.ElementType != member.ElementType || o.Shape != member.Shape);
                if (other is null) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConflictingDeclarations,
                    member.Location,
                    member.Name, member.TypeName, member.ElementType, member.Shape, other.TypeName, other.ElementType, other.Shape));
            }
        }
    }

    private sealed class Declared
    {
        public Declared(string name, string typeName, string elementType, string shape, Location location)
        {
            Name = name;
            TypeName = typeName;
            ElementType = elementType;
            Shape = shape;
            Location = location;
        }

        public string Name { get; }
        public string TypeName { get; }
        public string ElementType { get; }
        public string Shape { get; }
        public Location Location { get; }
    }
}
