using SharedTyped.Analyzers;
using SharedTyped.CodeFixes;
using SharedTyped.Generator.Tests.Infrastructure;
using Verify = SharedTyped.Generator.Tests.Infrastructure.CodeFixTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer, SharedTyped.CodeFixes.MakePartialCodeFixProvider>;

namespace SharedTyped.Generator.Tests.CodeFixes;

/// <summary>The ST0003 code fix adds <c>partial</c> where C# wants it.</summary>
public sealed class MakePartialCodeFixTests
{
    [Fact]
    public Task Adds_partial_after_the_other_modifiers() => Verify.VerifyAsync(
        /* lang=c# */ """
        namespace Demo;

        /// <summary>Prices.</summary>
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public sealed class {|ST0003:Prices|};
        """,
        /* lang=c# */ """
        namespace Demo;

        /// <summary>Prices.</summary>
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public sealed partial class Prices;
        """);

    [Fact]
    public Task Adds_partial_where_there_are_no_modifiers() => Verify.VerifyAsync(
        /* lang=c# */ """
        namespace Demo
        {
            // Prices by day.
            [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
            class {|ST0003:Prices|}
            {
            }
        }
        """,
        /* lang=c# */ """
        namespace Demo
        {
            // Prices by day.
            [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
            partial class Prices
            {
            }
        }
        """);

    [Fact]
    public Task Adds_partial_to_a_record() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "counts", Shape = [4])]
        internal record {|ST0003:Counts|};
        """,
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "counts", Shape = [4])]
        internal partial record Counts;
        """);

    [Fact]
    public Task Adds_partial_to_the_containing_types() => Verify.VerifyAsync(
        /* lang=c# */ """
        public static class {|ST0003:Outer|}
        {
            public struct {|ST0003:Middle|}
            {
                [SharedTyped.SharedArray<int>(Name = "counts", Shape = [4])]
                public class {|ST0003:Counts|};
            }
        }
        """,
        /* lang=c# */ """
        public static partial class Outer
        {
            public partial struct Middle
            {
                [SharedTyped.SharedArray<int>(Name = "counts", Shape = [4])]
                public partial class Counts;
            }
        }
        """);

    [Fact]
    public void Fixes_only_ST0003() =>
        Assert.Equal(DiagnosticIds.TypeNotPartial, Assert.Single(new MakePartialCodeFixProvider().FixableDiagnosticIds));
}
