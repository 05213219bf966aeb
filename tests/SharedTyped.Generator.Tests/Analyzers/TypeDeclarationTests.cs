using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0003 (not partial), ST0009 (generic) and ST0010 (both attributes).</summary>
public sealed class TypeDeclarationTests
{
    [Fact]
    public Task ClassThatIsNotPartialIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public class {|ST0003:Values|};
        """);

    [Fact]
    public Task PartialClassRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values;
        """);

    [Fact]
    public Task ContainingTypeThatIsNotPartialIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class {|ST0003:Outer|}
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """);

    [Fact]
    public Task PartialContainingTypesRaiseNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public static partial class Outer
        {
            public partial struct Middle
            {
                [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
                public partial class Values;
            }
        }
        """);

    [Fact]
    public Task NotPartialMessageNamesBothTypes() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Outer
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.TypeNotPartial).WithSpan(1, 14, 1, 19).WithArguments("Outer", "Values"));

    [Fact]
    public Task GenericClassIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class {|ST0009:Values|}<T>;
        """);

    [Fact]
    public Task ClassNestedInAGenericTypeIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer<T>
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.GenericType).WithSpan(4, 26, 4, 32).WithArguments("Values", "Outer<T>"));

    [Fact]
    public Task ClassNestedInANonGenericTypeRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            public void Method<T>() { }

            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """);

    [Fact]
    public Task BothAttributesAreAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        [SharedTyped.SharedArray(Name = "values", Shape = [4])]
        public partial class {|ST0010:Values|};
        """);

    [Fact]
    public Task TwoGenericAttributesAreTheCompilersError() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        [{|CS0579:SharedTyped.SharedArray<long>|}(Name = "values", Shape = [4])]
        public partial class Values;
        """);
}
