using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>
/// Warns when two classes in one compilation declare the same segment name with different element
/// types or shapes: whichever creates the segment first, the other fails to attach. A leading
/// <c>-1</c> matches any leading extent, as <c>Attach</c> does. Needs the whole compilation, so it
/// reports at the end of the compilation.
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
            if (!SharedArrayDeclaration.IsAvailableIn(start.Compilation))
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
            declared.Add(new Declared(name, type, declaration.ElementType, declaration.Shape, locations.Argument(KnownNames.NameProperty)));
        }
    }

    private static void Report(CompilationAnalysisContext context, ConcurrentBag<Declared> declared)
    {
        foreach (var group in declared.GroupBy(static d => d.Name, System.StringComparer.Ordinal))
        {
            // Sorted, so that each declaration names the same counterpart on every run.
            var members = group.OrderBy(static d => d.TypeName, System.StringComparer.Ordinal).ThenBy(static d => d.ElementName, System.StringComparer.Ordinal).ToList();
            foreach (var member in members)
            {
                // A class with both attributes is ST0010's error, not a conflict with itself.
                var other = members.FirstOrDefault(o => !SymbolEqualityComparer.Default.Equals(o.Type, member.Type) && !Compatible(o, member));
                if (other is null) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ConflictingDeclarations,
                    member.Location,
                    member.Name, member.TypeName, member.ElementName, member.ShapeText, other.TypeName, other.ElementName, other.ShapeText));
            }
        }
    }

    /// <summary>
    /// Whether each declaration attaches to the segment the other creates: the same element type, the
    /// same rank and the same extents, where a leading <c>-1</c> matches any leading extent.
    /// </summary>
    private static bool Compatible(Declared a, Declared b)
    {
        if (!SymbolEqualityComparer.Default.Equals(a.ElementType, b.ElementType) || a.Shape.Length != b.Shape.Length) return false;
        for (var i = 0; i < a.Shape.Length; i++)
        {
            if (a.Shape[i] == b.Shape[i]) continue;
            if (i == 0 && (a.Shape[0] == KnownNames.DynamicExtent || b.Shape[0] == KnownNames.DynamicExtent)) continue;
            return false;
        }
        return true;
    }

    private sealed class Declared
    {
        public Declared(string name, INamedTypeSymbol type, ITypeSymbol elementType, ImmutableArray<int> shape, Location location)
        {
            Name = name;
            Type = type;
            TypeName = type.ToDisplayString();
            ElementType = elementType;
            ElementName = elementType.ToDisplayString();
            Shape = shape;
            ShapeText = SharedArrayDeclarationAnalyzer.ShapeText(shape);
            Location = location;
        }

        public string Name { get; }
        public INamedTypeSymbol Type { get; }
        public string TypeName { get; }
        public ITypeSymbol ElementType { get; }
        public string ElementName { get; }
        public ImmutableArray<int> Shape { get; }
        public string ShapeText { get; }
        public Location Location { get; }
    }
}
