using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedTyped.Analyzers;
using SharedTyped.Generator.Tests.Infrastructure;

namespace SharedTyped.Generator.Tests.Generator;

/// <summary>
/// ST0014 knows every member the emitter writes: for each member of the real generated output, a class
/// that declares a member of that name and signature (or is named like it) gets ST0014 and no
/// generated code; and the analyzers, which see the generated part beside the user's, report nothing
/// on a valid declaration.
/// </summary>
public sealed class GeneratedMemberClashTests
{
    public static TheoryData<string> Shapes => new() { "[10, 3]", "[-1, 3]", "[-1]", "[16]", "[]", "[4, 5, 6]" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_generated_member_declared_by_the_user_is_a_clash(string shape)
    {
        var members = GeneratedMembersOf(shape);
        Assert.NotEmpty(members);
        foreach (var member in members)
        {
            var source = $$"""
                [SharedTyped.SharedArray<double>(Name = "prices", Shape = {{shape}})]
                public partial class Prices
                {
                    {{UserDeclarationLike(member)}}
                }
                """;
            var diagnostics = await AnalyzerDiagnosticsAsync(source);
            Assert.True(diagnostics.Count(static d => d.Id == DiagnosticIds.GeneratedMemberClash) == 1,
                $"shape {shape}, member {member.ToDisplayString()}: expected one ST0014, got [{string.Join("; ", diagnostics)}]");
            Assert.Empty(GeneratorRunner.Run(source).Result.Results.Single().GeneratedSources);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_runtime_factory_declared_by_the_user_is_a_clash(string shape)
    {
        // The factories are the runtime's static extension members (src/Runtime/Declarations): a user member of the
        // same signature would win over them, so ST0014 must know each one the declaration's shape gets.
        var factories = RuntimeFactoriesOf(shape);
        Assert.NotEmpty(factories);
        foreach (var (name, parameters) in factories)
        {
            var source = $$"""
                [SharedTyped.SharedArray<double>(Name = "prices", Shape = {{shape}})]
                public partial class Prices
                {
                    public static void {{name}}({{parameters}}) => throw null!;
                }
                """;
            var diagnostics = await AnalyzerDiagnosticsAsync(source);
            Assert.True(diagnostics.Count(static d => d.Id == DiagnosticIds.GeneratedMemberClash) == 1,
                $"shape {shape}, factory {name}({parameters}): expected one ST0014, got [{string.Join("; ", diagnostics)}]");
            Assert.Empty(GeneratorRunner.Run(source).Result.Results.Single().GeneratedSources);
        }
    }

    /// <summary>
    /// The runtime's factories a declaration of <paramref name="shape"/> gets, read from the runtime's metadata
    /// (the lowered static methods of the extension blocks), with the declaration's types put in for the
    /// blocks' type parameters: the declared class, its view and <c>double</c>.
    /// </summary>
    private static List<(string Name, string Parameters)> RuntimeFactoriesOf(string shape)
    {
        var compilation = GeneratorRunner.Compile("");
        var creating = shape switch
        {
            "[-1, 3]" => "SharedTyped.DynamicRowsDeclarationFactories",
            "[-1]" => "SharedTyped.DynamicLengthDeclarationFactories",
            _ => null,
        };
        var creatingNames = new[] { "Create", "TryCreate", "CreateOrAttach" };
        var methods = compilation.GetTypeByMetadataName("SharedTyped.SharedArrayDeclarationFactories")!.GetMembers().OfType<IMethodSymbol>()
            .Where(m => creating is null || !creatingNames.Contains(m.Name))
            .Concat(creating is null ? [] : compilation.GetTypeByMetadataName(creating)!.GetMembers().OfType<IMethodSymbol>())
            .Where(static m => m.MethodKind == MethodKind.Ordinary && m.IsStatic && m.DeclaredAccessibility == Accessibility.Public && !m.IsExtensionMethod && m.Arity == 3);
        return methods.Select(static m => (m.Name, string.Join(", ", m.Parameters.Select(static p =>
            (p.RefKind == RefKind.Out ? "out " : "") + TypeText(p.Type, (IMethodSymbol)p.ContainingSymbol) + " " + p.Name)))).ToList();

        static string TypeText(ITypeSymbol type, IMethodSymbol method) => type switch
        {
            ITypeParameterSymbol parameter => method.TypeParameters.IndexOf(parameter) switch { 0 => "Prices", 1 => "Prices.ReadOnly", _ => "double" },
            INamedTypeSymbol { IsGenericType: true } generic =>
                generic.ConstructUnboundGenericType().ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Split('<')[0] +
                "<" + string.Join(", ", generic.TypeArguments.Select(a => TypeText(a, method))) + ">" + (type.NullableAnnotation == NullableAnnotation.Annotated ? "?" : ""),
            _ => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + (type.NullableAnnotation == NullableAnnotation.Annotated && type.IsReferenceType ? "?" : ""),
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Class_named_like_each_generated_member_is_a_clash(string shape)
    {
        foreach (var name in GeneratedMembersOf(shape).Select(static m => m.MetadataName).Distinct())
        {
            var source = $$"""
                [SharedTyped.SharedArray<double>(Name = "prices", Shape = {{shape}})]
                public partial class {{name}};
                """;
            var diagnostics = await AnalyzerDiagnosticsAsync(source);
            Assert.True(diagnostics.Count(static d => d.Id == DiagnosticIds.GeneratedMemberClash) == 1,
                $"shape {shape}, class {name}: expected one ST0014, got [{string.Join("; ", diagnostics)}]");
            Assert.Empty(GeneratorRunner.Run(source).Result.Results.Single().GeneratedSources);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Analyzers_report_nothing_on_the_generated_part(string shape)
    {
        var (_, output, _) = GeneratorRunner.Run(
            $$"""
            /// <summary>Prices.</summary>
            [SharedTyped.SharedArray<double>(Name = "prices", Shape = {{shape}})]
            public partial class Prices;
            """);
        var diagnostics = await output.WithAnalyzers(AllAnalyzers).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }

    private static readonly ImmutableArray<DiagnosticAnalyzer> AllAnalyzers =
        [new SharedArrayDeclarationAnalyzer(), new SegmentNameConflictAnalyzer(), new ClassShapeAnalyzer()];

    /// <summary>The members the generator writes into the class for <paramref name="shape"/>, read from its output.</summary>
    private static List<ISymbol> GeneratedMembersOf(string shape)
    {
        var (_, output, _) = GeneratorRunner.Run($$"""[SharedTyped.SharedArray<double>(Name = "prices", Shape = {{shape}})] public partial class Prices;""");
        var type = output.GetTypeByMetadataName("Prices")!;
        return type.GetMembers()
            .Where(static m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
            .Where(static m => m.Locations.Any(static l => l.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
            .Where(static m => m is not IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 })
            .ToList();
    }

    /// <summary>A user declaration of the same kind, name and parameter types as <paramref name="member"/>.</summary>
    private static string UserDeclarationLike(ISymbol member) => member switch
    {
        IPropertySymbol { IsIndexer: true } indexer => $"public int this[{Parameters(indexer.Parameters)}] => 0;",
        IPropertySymbol property => $"public int {property.Name} => 0;",
        IFieldSymbol field => $"public int {field.Name};",
        IMethodSymbol method => $"public static void {method.Name}({Parameters(method.Parameters)}) => throw null!;",
        INamedTypeSymbol type => $"public sealed class {type.Name};",
        _ => throw new InvalidOperationException($"Unexpected generated member {member}"),
    };

    private static string Parameters(ImmutableArray<IParameterSymbol> parameters) =>
        string.Join(", ", parameters.Select(static p => (p.RefKind == RefKind.Out ? "out " : "") + p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + " " + p.Name));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnosticsAsync(string source) =>
        await GeneratorRunner.Compile(source).WithAnalyzers(AllAnalyzers).GetAnalyzerDiagnosticsAsync();
}
