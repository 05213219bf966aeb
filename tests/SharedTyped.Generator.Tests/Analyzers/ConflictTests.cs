using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SegmentNameConflictAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0008: one name, different element types or shapes (a warning on both declarations).</summary>
public sealed class ConflictTests
{
    [Fact]
    public Task Different_shapes_warn_on_both() => Verify.VerifyAsync(
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
    public Task Different_element_types_warn_on_both() => Verify.VerifyAsync(
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
    public Task Same_declaration_twice_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray(Name = "prices", Shape = new[] { 10, 3 })]
        public partial class PricesView;
        """);

    [Fact]
    public Task Dynamic_leading_extent_matches_a_fixed_one_and_raises_nothing() => Verify.VerifyAsync(
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
    public Task Dynamic_leading_extent_with_different_trailing_extents_warns_on_both() => Verify.VerifyAsync(
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
    public Task Dynamic_leading_extent_of_another_rank_warns() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = {|ST0008:"prices"|}, Shape = [-1])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Window;
        """);

    [Fact]
    public Task Both_attributes_on_one_class_do_not_conflict_with_each_other() => Verify.VerifyAsync(
        // ST0010 (the other analyzer) is the error here; the class is not in conflict with itself.
        /* lang=c# */ """
        [SharedTyped.SharedArray<float>(Name = "prices", Shape = [10, 3])]
        [SharedTyped.SharedArray(Name = "prices", Shape = [10, 4])]
        public partial class Prices;
        """);

    [Fact]
    public Task Both_attributes_on_one_class_still_conflict_with_another_class() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<float>(Name = "prices", Shape = [10, 3])]
        [SharedTyped.SharedArray(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<float>(Name = {|ST0008:"prices"|}, Shape = [10, 3])]
        public partial class Quotes;
        """);

    [Fact]
    public Task Different_names_raise_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices;

        [SharedTyped.SharedArray<double>(Name = "quotes", Shape = [10, 4])]
        public partial class Quotes;
        """);
}
