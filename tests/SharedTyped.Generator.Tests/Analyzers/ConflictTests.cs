using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SegmentNameConflictAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0008: one name, different element types or shapes (a warning on both declarations).</summary>
public sealed class ConflictTests
{
    [Fact]
    public Task DifferentShapesWarnOnBoth() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = {|#0:"prices"|}, Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = {|#1:"prices"|}, Shape = [10, 4])]
        public partial class Quotes;
        """,
        Verify.Diagnostic(DiagnosticIds.ConflictingDeclarations).WithLocation(0)
            .WithArguments("prices", "Prices", "double", "(10, 3)", "Quotes", "double", "(10, 4)"),
        Verify.Diagnostic(DiagnosticIds.ConflictingDeclarations).WithLocation(1)
            .WithArguments("prices", "Quotes", "double", "(10, 4)", "Prices", "double", "(10, 3)"));

    [Fact]
    public Task DifferentElementTypesWarnOnBoth() => Verify.VerifyAsync(
        /* lang=c# */ """
        namespace A
        {
            [SharedTyped.SharedArray(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
            public partial class Prices;
        }

        namespace B
        {
            [SharedTyped.SharedArray<float>(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
            public partial class Prices;
        }
        """);

    [Fact]
    public Task SameDeclarationTwiceRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray(Name = "prices", Shape = new[] { 10, 3 })]
        public partial class PricesView;
        """);

    [Fact]
    public Task DifferentNamesRaiseNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = "quotes", Shape = [10, 4])]
        public partial class Quotes;
        """);
}
