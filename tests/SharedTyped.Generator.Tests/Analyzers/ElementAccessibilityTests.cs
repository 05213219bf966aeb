using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0011: the element type is less accessible than the class whose generated public members expose it.</summary>
public sealed class ElementAccessibilityTests
{
    [Fact]
    public Task InternalElementOfAPublicClassIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        internal struct Point { public double X, Y; }

        [SharedTyped.SharedArray<{|ST0002:{|#0:Point|}|}>(Name = "points", Shape = [4])]
        public partial class Points;
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Point", "Points", "Point"));

    [Fact]
    public Task InternalElementOfAnInternalClassRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        internal struct Point { public double X, Y; }

        [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
        internal partial class Points;
        """);

    [Fact]
    public Task PrivateNestedElementOfAPublicNestedClassIsAnError() => Verify.VerifyAsync(
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
    public Task PrivateNestedElementOfAPrivateNestedClassRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            private struct Point { public double X, Y; }

            [SharedTyped.SharedArray<{|ST0002:Point|}>(Name = "points", Shape = [4])]
            private partial class Points;
        }
        """);

    [Fact]
    public Task PublicElementNestedInAnInternalTypeIsAnErrorNamingTheContainer() => Verify.VerifyAsync(
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
    public Task InternalTypeArgumentOfAPublicElementIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        public struct Pair<T> where T : unmanaged { public T First, Second; }
        internal struct Tick { public long Value; }

        [SharedTyped.SharedArray<{|ST0002:{|#0:Pair<Tick>|}|}>(Name = "pairs", Shape = [4])]
        public partial class Pairs;
        """,
        Verify.Diagnostic(DiagnosticIds.ElementTypeLessAccessible).WithLocation(0).WithArguments("Pair<Tick>", "Pairs", "Tick"));

    [Fact]
    public Task ProtectedElementOfAProtectedSiblingClassRaisesNothing() => Verify.VerifyAsync(
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
    public Task ProtectedElementOfAPublicNestedClassIsAnError() => Verify.VerifyAsync(
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
    public Task InternalElementInsideAnInternalContainerRaisesNothing() => Verify.VerifyAsync(
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
