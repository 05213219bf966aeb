using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>
/// Checks that a <c>[SharedArray]</c> class can host the generated part: not static, abstract or
/// file-local (ST0012), constructible by the generated private constructor (ST0013), and free of
/// members, declared or inherited, whose names the generator takes (ST0014). The generator emits
/// nothing for such a class.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClassShapeAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat MemberFormat = new(
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeModifiers,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly SymbolDisplayFormat InheritedMemberFormat =
        MemberFormat.WithMemberOptions(SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.UnsupportedClassKind,
        DiagnosticDescriptors.UnconstructibleClass,
        DiagnosticDescriptors.GeneratedMemberClash,
    ];

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
            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class) return;

        AttributeData? first = null;
        SharedArrayDeclaration declaration = default;
        var count = 0;
        foreach (var attribute in type.GetAttributes())
        {
            if (!SharedArrayDeclaration.TryRead(attribute, context.Compilation, out var read)) continue;
            if (count++ == 0)
            {
                first = attribute;
                declaration = read;
            }
        }
        if (first is null) return;

        var token = context.CancellationToken;
        var identifier = new AttributeLocations(first, type.Locations[0], token).DeclarationIdentifier;
        CheckKind(context, type, identifier);
        CheckConstruction(context, type, identifier);

        // The members generated depend on the shape; with two attributes (ST0010) there is no one shape.
        if (count == 1 && !declaration.ShapeHasErrors)
        {
            CheckClashes(context, type, declaration, identifier);
        }
    }

    private static void CheckKind(SymbolAnalysisContext context, INamedTypeSymbol type, Location identifier)
    {
        var problem = ClassShapeRules.KindProblem(type, out var culprit);
        if (problem == ClassKindProblem.None) return;

        var modifier = ClassShapeRules.Modifier(culprit, problem, context.CancellationToken);
        var location = modifier?.GetLocation() ?? identifier;
        var (what, why) = problem switch
        {
            ClassKindProblem.Static => ("static", "the generated members are instance members, and Create and Attach return instances"),
            ClassKindProblem.Abstract => ("abstract", "the generated Create and Attach return new instances of it"),
            _ => (SymbolEqualityComparer.Default.Equals(culprit, type) ? "file-local" : $"nested in the file-local type '{culprit.Name}'",
                  "the generator adds its members in a file of its own, and a file-local type exists in one file only"),
        };
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedClassKind, location, type.Name, what, why));
    }

    private static void CheckConstruction(SymbolAnalysisContext context, INamedTypeSymbol type, Location identifier)
    {
        var token = context.CancellationToken;
        var problem = ClassShapeRules.ConstructorProblem(type, context.Compilation, token, out var culprit);
        Location location;
        string reason;
        switch (problem)
        {
            case ConstructionProblem.PrimaryConstructor:
                location = ClassShapeRules.PrimaryConstructorParameters(type, token)?.GetLocation() ?? identifier;
                reason = "it has a primary constructor, which every other constructor must call; remove the parameter list";
                break;
            case ConstructionProblem.BaseConstructor:
                var baseType = (INamedTypeSymbol)culprit!;
                location = ClassShapeRules.BaseTypeSyntax(type, baseType, token)?.GetLocation() ?? identifier;
                reason = $"its base class '{baseType.ToDisplayString()}' has no parameterless constructor that '{type.Name}' can call";
                break;
            case ConstructionProblem.RequiredMember:
                var member = culprit!;
                var declaredHere = SymbolEqualityComparer.Default.Equals(member.ContainingType, type);
                location = declaredHere && member.Locations.Length > 0 && member.Locations[0].IsInSource
                    ? member.Locations[0]
                    : type.BaseType is { } inherited ? ClassShapeRules.BaseTypeSyntax(type, inherited, token)?.GetLocation() ?? identifier : identifier;
                reason = $"'{member.ContainingType.Name}.{member.Name}' is a required member, which Create and Attach cannot set";
                break;
            default:
                return;
        }
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnconstructibleClass, location, type.Name, reason));
    }

    private static void CheckClashes(SymbolAnalysisContext context, INamedTypeSymbol type, SharedArrayDeclaration declaration, Location identifier)
    {
        var element = declaration.ElementType;
        var elementName = element?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "T";
        foreach (var clash in GeneratedMembers.Clashes(type, element, declaration.Shape, context.Compilation))
        {
            var generated = clash.Generated.Display(type.Name, elementName);
            string what;
            Location location;
            if (clash.Member is null)
            {
                what = $"The class name '{type.Name}'";
                location = identifier;
            }
            else if (clash.Inherited)
            {
                what = $"The inherited member '{clash.Member.ToDisplayString(InheritedMemberFormat)}'";
                location = type.BaseType is { } baseType ? ClassShapeRules.BaseTypeSyntax(type, baseType, context.CancellationToken)?.GetLocation() ?? identifier : identifier;
            }
            else
            {
                what = $"The member '{clash.Member.ToDisplayString(MemberFormat)}'";
                location = clash.Member.Locations.Length > 0 && clash.Member.Locations[0].IsInSource ? clash.Member.Locations[0] : identifier;
            }
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberClash, location, what, generated, type.Name));
        }
    }
}
