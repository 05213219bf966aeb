using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedTyped.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>
/// Checks each <c>[SharedArray]</c> declaration on its own: the element type, the class and the
/// types around it, the name and the shape. The generator emits nothing for a declaration with an
/// error here, so these diagnostics are what the user sees instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedArrayDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.ElementTypeNotUnmanaged,
        DiagnosticDescriptors.ElementTypeNotInCdxcore,
        DiagnosticDescriptors.TypeNotPartial,
        DiagnosticDescriptors.InvalidSegmentName,
        DiagnosticDescriptors.SegmentNameTooLongForMacOS,
        DiagnosticDescriptors.InvalidDimension,
        DiagnosticDescriptors.ShapeTooLarge,
        DiagnosticDescriptors.GenericType,
        DiagnosticDescriptors.MultipleAttributes,
        DiagnosticDescriptors.ElementTypeLessAccessible,
        DiagnosticDescriptors.ShapeOmitted,
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
        var declarations = type.TypeKind == TypeKind.Class ? Declarations(type, context.Compilation) : [];
        if (declarations.Count == 0)
        {
            // Types around a shared array class are checked here, on their own symbol, so that each
            // diagnostic sits in the declaration it is about (and the code fix can reach it).
            if (FirstSharedArrayClassWithin(type) is { } nested)
            {
                ReportNotPartial(context, type, nested);
            }
            return;
        }

        var token = context.CancellationToken;
        var identifier = DeclarationIdentifier(declarations[0].Attribute, token) ?? type.Locations[0];
        if (declarations.Exists(static d => d.Declaration.IsGeneric) && declarations.Exists(static d => !d.Declaration.IsGeneric))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MultipleAttributes, identifier, type.Name));
        }
        if (TypeRules.FirstGeneric(type) is { } generic)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenericType, identifier, type.Name, generic.ToDisplayString()));
        }
        ReportNotPartial(context, type, type);

        foreach (var (attribute, declaration) in declarations)
        {
            var locations = new AttributeLocations(attribute, identifier, token);
            var elementIsValid = CheckElementType(context, type, declaration, locations);
            CheckName(context, type, declaration, locations);
            CheckShape(context, type, declaration, locations, elementIsValid);
            if (!HasNamedArgument(attribute, KnownNames.ShapeProperty))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ShapeOmitted, locations.Attribute, type.Name));
            }
        }
    }

    private static List<(AttributeData Attribute, SharedArrayDeclaration Declaration)> Declarations(INamedTypeSymbol type, Compilation compilation)
    {
        var declarations = new List<(AttributeData Attribute, SharedArrayDeclaration Declaration)>();
        foreach (var attribute in type.GetAttributes())
        {
            if (SharedArrayDeclaration.TryRead(attribute, compilation, out var declaration))
            {
                declarations.Add((attribute, declaration));
            }
        }
        return declarations;
    }

    /// <summary>A shared array class nested (at any depth) in <paramref name="type"/>, else <c>null</c>.</summary>
    private static INamedTypeSymbol? FirstSharedArrayClassWithin(INamedTypeSymbol type)
    {
        foreach (var member in type.GetTypeMembers())
        {
            if (member.TypeKind == TypeKind.Class && SharedArrayDeclaration.CountOn(member) > 0) return member;
            if (FirstSharedArrayClassWithin(member) is { } nested) return nested;
        }
        return null;
    }

    /// <summary>Reports each declaration of <paramref name="type"/> that lacks <c>partial</c>.</summary>
    private static void ReportNotPartial(SymbolAnalysisContext context, INamedTypeSymbol type, INamedTypeSymbol sharedArrayClass)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration && !TypeRules.HasPartialModifier(declaration))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, declaration.Identifier.GetLocation(), type.Name, sharedArrayClass.Name));
            }
        }
    }

    /// <summary>Reports on the element type (unmanaged, in cdxcore's table, accessible enough); whether it is unmanaged.</summary>
    private static bool CheckElementType(SymbolAnalysisContext context, INamedTypeSymbol type, SharedArrayDeclaration declaration, AttributeLocations locations)
    {
        var element = declaration.ElementType;
        if (element is null || element.TypeKind == TypeKind.TypeParameter) return false;
        if (!element.IsUnmanagedType)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ElementTypeNotUnmanaged, locations.TypeArgument, element.ToDisplayString(), type.Name));
            return false;
        }
        if (!CdxcoreTypes.Contains(element))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ElementTypeNotInCdxcore, locations.TypeArgument, element.ToDisplayString(), type.Name));
        }
        if (AccessibilityRules.FirstLessAccessible(element, type) is { } hidden)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ElementTypeLessAccessible, locations.TypeArgument, element.ToDisplayString(), type.Name, hidden.ToDisplayString()));
        }
        return true;
    }

    private static void CheckName(SymbolAnalysisContext context, INamedTypeSymbol type, SharedArrayDeclaration declaration, AttributeLocations locations)
    {
        if (declaration.NameHasErrors) return;
        var name = declaration.Name;
        var problem = SegmentNameRules.Check(name);
        if (problem != SegmentNameProblem.None)
        {
            var location = problem == SegmentNameProblem.Missing ? locations.Attribute : locations.Argument(KnownNames.NameProperty);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSegmentName, location, type.Name, Reason(problem, name!)));
        }
        else if (SegmentNameRules.IsTooLongForMacOS(name!))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SegmentNameTooLongForMacOS, locations.Argument(KnownNames.NameProperty), Printable(name!), SegmentNameRules.Utf8Length(name!)));
        }
    }

    private static void CheckShape(SymbolAnalysisContext context, INamedTypeSymbol type, SharedArrayDeclaration declaration, AttributeLocations locations, bool elementIsValid)
    {
        if (declaration.ShapeHasErrors) return;
        var shape = declaration.Shape;
        var elementSize = elementIsValid ? ElementSizes.MinimumSize(declaration.ElementType!) : 1;
        switch (ShapeRules.Check(shape, elementSize, out var bad))
        {
            case ShapeProblem.BadDimension:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidDimension, locations.Element(KnownNames.ShapeProperty, bad), bad, type.Name, shape[bad]));
                break;
            case ShapeProblem.Overflow:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ShapeTooLarge, locations.Argument(KnownNames.ShapeProperty), type.Name, ShapeText(shape), declaration.ElementType?.ToDisplayString() ?? "?"));
                break;
        }
    }

    private static bool HasNamedArgument(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name) return true;
        }
        return false;
    }

    /// <summary>The identifier of the class declaration that carries <paramref name="attribute"/>.</summary>
    private static Location? DeclarationIdentifier(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent is TypeDeclarationSyntax declaration
            ? declaration.Identifier.GetLocation()
            : null;

    private static string Reason(SegmentNameProblem problem, string name) => problem switch
    {
        SegmentNameProblem.Missing => "it is missing; set Name to the segment's name",
        SegmentNameProblem.Empty => "it is empty",
        SegmentNameProblem.ContainsSlash => $"'{Printable(name)}' contains '/'; a name is a single file name",
        SegmentNameProblem.ContainsBackslash => $"'{Printable(name)}' contains '\\'; a name is a single file name",
        SegmentNameProblem.ContainsNul => $"'{Printable(name)}' contains a NUL character",
        SegmentNameProblem.LeadingDot => $"'{Printable(name)}' starts with '.'",
        SegmentNameProblem.ContainsDotDot => $"'{Printable(name)}' contains '..'",
        SegmentNameProblem.LoneSurrogate => $"'{Printable(name)}' contains a lone UTF-16 surrogate (U+{(int)name[SegmentNameRules.LoneSurrogate(name)]:X4} at index {SegmentNameRules.LoneSurrogate(name)}), which is not valid Unicode text and has no UTF-8 form; the runtime refuses it",
        SegmentNameProblem.TooLong => $"'{Printable(name)}' is {SegmentNameRules.Utf8Length(name)} bytes in UTF-8, more than the {SegmentNameRules.MaxBytes} a file name may have",
        _ => problem.ToString(),
    };

    /// <summary>The name as a message shows it: NUL spelled out, long names shortened.</summary>
    private static string Printable(string name)
    {
        const int MaxShown = 40;
        var shown = name.Replace("\0", "\\0");
        var lone = SegmentNameRules.LoneSurrogate(shown);
        while (lone >= 0)
        {
            // A lone surrogate cannot be shown; spell it as the runtime's message does.
            shown = shown.Substring(0, lone) + "\\u" + ((int)shown[lone]).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + shown.Substring(lone + 1);
            lone = SegmentNameRules.LoneSurrogate(shown);
        }
        return shown.Length > MaxShown ? shown.Substring(0, MaxShown) + "…" : shown;
    }

    /// <summary>numpy's spelling of a shape: <c>(10, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    internal static string ShapeText(ImmutableArray<int> shape) => NumpyShape.Format(shape);
}
