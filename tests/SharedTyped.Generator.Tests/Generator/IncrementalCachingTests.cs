using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SharedTyped.Generator.Tests.Infrastructure;

namespace SharedTyped.Generator.Tests.Generator;

/// <summary>
/// An edit that does not touch a declaration must not re-run the emitter: every tracked step of the
/// second run is Cached or Unchanged, and no step output holds a symbol, syntax (a node, token, tree or
/// location) or compilation: each of those changes identity on every edit, which defeats the caching.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Declarations = /* lang=c# */ """
        using SharedTyped;

        namespace Demo
        {
            /// <summary>Prices.</summary>
            [SharedArray<double>(Name = "prices", Shape = [10, 3])]
            public partial class Prices;

            /// <summary>Rows.</summary>
            [SharedArray<float>(Name = "rows", Shape = [-1, 4])]
            public partial class Rows;

            /// <summary>Weights.</summary>
            [SharedArray(Name = "weights", Shape = [3])]
            public partial class Weights;

            /// <summary>Invalid: not partial, so the generator skips it.</summary>
            [SharedArray<int>(Name = "skipped", Shape = [3])]
            public class Skipped;
        }
        """;

    private static readonly string[] s_trackingNames =
    [
        TrackingNames.GenericDeclarations,
        TrackingNames.ValidGenericDeclarations,
        TrackingNames.DoubleDeclarations,
        TrackingNames.ValidDoubleDeclarations,
    ];

    [Fact]
    public void Unrelated_new_file_leaves_every_step_cached()
    {
        var (first, second) = RunTwice(Declarations, compilation =>
            compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("internal sealed class Unrelated { }", GeneratorRunner.ParseOptions)));

        AssertSameOutput(first, second);
        AssertAllCached(second);
    }

    [Fact]
    public void Unrelated_edit_in_the_same_file_leaves_every_step_cached()
    {
        var (first, second) = RunTwice(Declarations, compilation =>
        {
            var tree = compilation.SyntaxTrees.Single();
            var edited = tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment\n"));
            return compilation.ReplaceSyntaxTree(tree, edited);
        });

        AssertSameOutput(first, second);
        AssertAllCached(second);
    }

    [Fact]
    public void Edited_declaration_is_emitted_again_and_the_others_stay_cached()
    {
        var (first, second) = RunTwice(Declarations, compilation =>
        {
            var tree = compilation.SyntaxTrees.Single();
            var text = tree.GetText().ToString().Replace("Shape = [10, 3]", "Shape = [10, 4]", StringComparison.Ordinal);
            return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        });

        var outputs = second.Results.Single().TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).ToList();
        Assert.Single(outputs, static o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(2, outputs.Count(static o => o.Reason == IncrementalStepRunReason.Cached));
        Assert.Contains("public const int Dim1 = 4;", Generated(second, "Demo.Prices.g.cs"), StringComparison.Ordinal);
        Assert.Equal(Generated(first, "Demo.Weights.g.cs"), Generated(second, "Demo.Weights.g.cs"));
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (first, _) = RunTwice(Declarations, static c => c);
        var steps = first.Results.Single().TrackedSteps;
        foreach (var name in s_trackingNames)
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var output in steps[name].SelectMany(static s => s.Outputs))
            {
                AssertNoCompilerObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    [Fact]
    public void Walker_rejects_locations_trees_and_tokens_nested_in_a_model()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }", GeneratorRunner.ParseOptions);
        var token = tree.GetRoot().DescendantTokens().First();
        object[] forbidden = [token.GetLocation(), tree, token, token.LeadingTrivia.Count > 0 ? token.LeadingTrivia[0] : SyntaxFactory.Space];
        foreach (var value in forbidden)
        {
            // Wrapped in a record and an array, as a model would carry it.
            var model = new Holder("name", [value]);
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoCompilerObjects(model, "test", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        }
        AssertNoCompilerObjects(new Holder("name", [1, "text"]), "test", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private sealed record Holder(string Name, object[] Values);

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(string source, Func<Compilation, Compilation> edit)
    {
        var compilation = GeneratorRunner.Compile(source);
        var driver = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult();
        driver = driver.RunGenerators(edit(compilation.Clone()));
        return (first, driver.GetRunResult());
    }

    private static string Generated(GeneratorDriverRunResult run, string hintName) =>
        run.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    private static void AssertSameOutput(GeneratorDriverRunResult first, GeneratorDriverRunResult second)
    {
        var before = first.Results.Single().GeneratedSources.Select(static s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        var after = second.Results.Single().GeneratedSources.Select(static s => (s.HintName, Text: s.SourceText.ToString())).ToList();
        Assert.Equal(3, before.Count);
        Assert.Equal(before, after);
    }

    private static void AssertAllCached(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        foreach (var name in s_trackingNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(static s => s.Outputs));
            foreach (var output in result.TrackedSteps[name].SelectMany(static s => s.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} produced {output.Reason} for {output.Value}");
            }
        }
        foreach (var output in result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
        }
    }

    private static void AssertNoCompilerObjects(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol, $"step {step} holds a symbol: {value}");
        Assert.False(value is SyntaxNode, $"step {step} holds a syntax node: {value}");
        Assert.False(value is SyntaxToken, $"step {step} holds a syntax token: {value}");
        Assert.False(value is SyntaxTrivia, $"step {step} holds syntax trivia: {value}");
        Assert.False(value is SyntaxTree, $"step {step} holds a syntax tree: {value}");
        Assert.False(value is SyntaxReference, $"step {step} holds a syntax reference: {value}");
        Assert.False(value is Location, $"step {step} holds a location: {value}");
        Assert.False(value is Compilation, $"step {step} holds a compilation");
        Assert.False(value is SemanticModel, $"step {step} holds a semantic model");
        if (!value.GetType().IsValueType && !visited.Add(value)) return;

        if (value is IEnumerable items)
        {
            foreach (var item in items) AssertNoCompilerObjects(item, step, visited);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), step, visited);
        }
    }
}
