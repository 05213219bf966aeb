using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0003 (not partial), ST0009 (generic) and ST0010 (both attributes).</summary>
public sealed class TypeDeclarationTests
{
    [Fact]
    public Task Class_that_is_not_partial_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public class {|ST0003:Values|};
        """);

    [Fact]
    public Task Partial_class_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values;
        """);

    [Fact]
    public Task Containing_type_that_is_not_partial_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class {|ST0003:Outer|}
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """);

    [Fact]
    public Task Partial_containing_types_raise_nothing() => Verify.VerifyAsync(
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
    public Task Not_partial_message_names_both_types() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Outer
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.TypeNotPartial).WithSpan(1, 14, 1, 19).WithArguments("Outer", "Values"));

    [Fact]
    public Task Generic_class_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class {|ST0009:Values|}<T>;
        """);

    [Fact]
    public Task Class_nested_in_a_generic_type_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer<T>
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.GenericType).WithSpan(4, 26, 4, 32).WithArguments("Values", "Outer<T>"));

    [Fact]
    public Task Class_nested_in_a_non_generic_type_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public partial class Outer
        {
            public void Method<T>() { }

            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """);

    [Fact]
    public Task Both_attributes_are_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        [SharedTyped.SharedArray(Name = "values", Shape = [4])]
        public partial class {|ST0010:Values|};
        """);

    [Fact]
    public Task Two_generic_attributes_are_the_compilers_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        [{|CS0579:SharedTyped.SharedArray<long>|}(Name = "values", Shape = [4])]
        public partial class Values;
        """);
}
