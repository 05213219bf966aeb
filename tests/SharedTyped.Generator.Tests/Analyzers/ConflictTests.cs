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
    public Task DynamicLeadingExtentMatchesAFixedOneAndRaisesNothing() => Verify.VerifyAsync(
        // Prices.Attach accepts the 10 rows Window creates, and Window.Attach accepts Prices' segment.
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [-1, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Window;

        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [-1, 3])]
        public partial class Rows;
        """);

    [Fact]
    public Task DynamicLeadingExtentWithDifferentTrailingExtentsWarnsOnBoth() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = {|#0:"prices"|}, Shape = [-1, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = {|#1:"prices"|}, Shape = [10, 4])]
        public partial class Window;
        """,
        Verify.Diagnostic(DiagnosticIds.ConflictingDeclarations).WithLocation(0)
            .WithArguments("prices", "Prices", "double", "(-1, 3)", "Window", "double", "(10, 4)"),
        Verify.Diagnostic(DiagnosticIds.ConflictingDeclarations).WithLocation(1)
            .WithArguments("prices", "Window", "double", "(10, 4)", "Prices", "double", "(-1, 3)"));

    [Fact]
    public Task DynamicLeadingExtentOfAnotherRankWarns() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = {|ST0008:"prices"|}, Shape = [-1])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Window;
        """);

    [Fact]
    public Task BothAttributesOnOneClassDoNotConflictWithEachOther() => Verify.VerifyAsync(
        // ST0010 (the other analyzer) is the error here; the class is not in conflict with itself.
        /* lang=c# */ """
        [SharedTyped.SharedArray<float>(Name = "prices", Shape = [10, 3])]
        [SharedTyped.SharedArray(Name = "prices", Shape = [10, 4])]
        public partial class Prices;
        """);

    [Fact]
    public Task BothAttributesOnOneClassStillConflictWithAnotherClass() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<float>(Name = "prices", Shape = [10, 3])]
        [SharedTyped.SharedArray(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<float>(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Quotes;
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
