using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0011: the element type is less accessible than the class whose generated public members expose it.</summary>
public sealed class ElementAccessibilityTests
{
    [Fact]
    public Task Internal_element_of_a_public_class_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        internal struct Point { public double X, Y; }

        [SharedTyped.SharedArray<{|ST0002:{|#0:Point|}|}>(Name = "points", Shape = [4])]
        public partial class Points;
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Point", "Points", "Point"));

    [Fact]
    public Task Internal_element_of_an_internal_class_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        internal struct Point { public double X, Y; }

        [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
        internal partial class Points;
        """);

    [Fact]
    public Task Private_nested_element_of_a_public_nested_class_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            private struct Point { public double X, Y; }

            [SharedTyped.SharedArray<{|ST0002:{|#0:Point|}|}>(Name = "points", Shape = [4])]
            public partial class Points;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Outer.Point", "Points", "Outer.Point"));

    [Fact]
    public Task Private_nested_element_of_a_private_nested_class_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            private struct Point { public double X, Y; }

            [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
            private partial class Points;
        }
        """);

    [Fact]
    public Task Public_element_nested_in_an_internal_type_is_an_error_naming_the_container() => Verify.VerifyAsync(
        /* lang=c# */ """
        internal static class Geometry
        {
            public struct Point { public double X, Y; }
        }

        [SharedTyped.SharedArray<{|ST0002:{|#0:Geometry.Point|}|}>(Name = "points", Shape = [4])]
        public partial class Points;
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Geometry.Point", "Points", "Geometry"));

    [Fact]
    public Task Internal_type_argument_of_a_public_element_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public struct Pair<T> where T : unmanaged { public T First, Second; }
        internal struct Tick { public long Value; }

        [SharedTyped.SharedArray<{|ST0002:{|#0:Pair<Tick>|}|}>(Name = "pairs", Shape = [4])]
        public partial class Pairs;
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Pair<Tick>", "Pairs", "Tick"));

    [Fact]
    public Task Protected_element_of_a_protected_sibling_class_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            protected struct Point { public double X, Y; }

            [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
            protected partial class Points;

            [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "more-points", Shape = [4])]
            private protected partial class MorePoints;
        }
        """);

    [Fact]
    public Task Protected_element_of_a_public_nested_class_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            protected struct Point { public double X, Y; }

            [SharedTyped.SharedArray<{|ST0002:{|ST0011:Point|}|}>(Name = "points", Shape = [4])]
            public partial class Points;

            [SharedTyped.SharedArray<{|ST0002:{|ST0011:Point|}|}>(Name = "internal-points", Shape = [4])]
            internal partial class InternalPoints;
        }
        """);

    [Fact]
    public Task Internal_element_inside_an_internal_container_raises_nothing() => Verify.VerifyAsync(
        // The public class is only as visible as its internal container, like the element.
        /* lang=c# */ """
        internal struct Point { public double X, Y; }

        internal partial class Outer
        {
            [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
            public partial class Points;
        }
        """);
}
