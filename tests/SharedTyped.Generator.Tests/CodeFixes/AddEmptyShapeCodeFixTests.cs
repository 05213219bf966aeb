using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SharedTyped.Generator.Tests.Infrastructure.CodeFixTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer, SharedTyped.CodeFixes.AddEmptyShapeCodeFixProvider>;

namespace SharedTyped.Generator.Tests.CodeFixes;

/// <summary>ST0015: a declaration without <c>Shape</c> is a scalar; the info says so and the fix writes <c>Shape = []</c>.</summary>
public sealed class AddEmptyShapeCodeFixTests
{
    [Fact]
    public Task Adds_an_empty_shape_after_the_name() => Verify.VerifyAsync(
        /* lang=c# */ """
        namespace Demo;

        [{|ST0015:SharedTyped.SharedArray<double>(Name = "rate")|}]
        public partial class Rate;
        """,
        /* lang=c# */ """
        namespace Demo;

        [SharedTyped.SharedArray<double>(Name = "rate", Shape = [])]
        public partial class Rate;
        """);

    [Fact]
    public Task Adds_an_empty_shape_to_the_non_generic_attribute() => Verify.VerifyAsync(
        /* lang=c# */ """
        [{|ST0015:SharedTyped.SharedArray(Name = "level")|}]
        internal partial class Level;
        """,
        /* lang=c# */ """
        [SharedTyped.SharedArray(Name = "level", Shape = [])]
        internal partial class Level;
        """);

    [Fact]
    public Task The_info_names_the_class_and_is_info_level() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "count")]
        internal partial class Count;
        """,
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "count", Shape = [])]
        internal partial class Count;
        """,
        new DiagnosticResult("ST0015", DiagnosticSeverity.Info).WithSpan(1, 2, 1, 46)
            .WithMessage("Shared array class 'Count' gives no Shape, so it holds one scalar; write Shape = [] to say so, or give the dimensions"));

    [Fact]
    public Task An_explicit_shape_is_not_reported()
    {
        const string source = /* lang=c# */ """
            [SharedTyped.SharedArray<int>(Name = "count", Shape = [])]
            internal partial class Count;

            [SharedTyped.SharedArray<int>(Name = "counts", Shape = [4])]
            internal partial class Counts;
            """;
        return new Verify { TestCode = source, FixedCode = source }.RunAsync();
    }
}
