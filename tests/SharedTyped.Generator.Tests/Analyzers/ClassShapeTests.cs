using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.ClassShapeAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0012 (static, abstract or file-local class) and ST0013 (the generated constructor cannot be written).</summary>
public sealed class ClassShapeTests
{
    [Fact]
    public Task Static_class_is_an_error_on_the_modifier() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public {|#0:static|} partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.UnsupportedClassKind).WithLocation(0)
            .WithArguments("Values", "static", "the generated members are instance members, and Create and Attach return instances"));

    [Fact]
    public Task Abstract_class_is_an_error_on_the_modifier() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public {|#0:abstract|} partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.UnsupportedClassKind).WithLocation(0)
            .WithArguments("Values", "abstract", "the generated Create and Attach return new instances of it"));

    [Fact]
    public Task Sealed_class_in_a_static_class_derived_from_an_abstract_one_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public abstract class Base { }

        public static partial class Holder
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public sealed partial class Values : Base;
        }
        """);

    [Fact]
    public Task File_local_class_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        {|#0:file|} partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.UnsupportedClassKind).WithLocation(0)
            .WithArguments("Values", "file-local", "the generator adds its members in a file of its own, and a file-local type exists in one file only"));

    [Fact]
    public Task Class_nested_in_a_file_local_type_is_an_error_on_the_container() => Verify.VerifyAsync(
        /* lang=c# */ """
        {|#0:file|} partial class Outer
        {
            [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
            public partial class Values;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.UnsupportedClassKind).WithLocation(0)
            .WithArguments("Values", "nested in the file-local type 'Outer'", "the generator adds its members in a file of its own, and a file-local type exists in one file only"));

    [Fact]
    public Task Base_class_without_a_parameterless_constructor_is_an_error_on_the_base_type() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Base
        {
            public Base(int seed) { }
        }

        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values : {|#0:Base|}
        {
            // Compiles on its own; the generated constructor, which calls base(), would not.
            /// <summary>A seeded array.</summary>
            public Values() : base(42) { }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.UnconstructibleClass).WithLocation(0)
            .WithArguments("Values", "its base class 'Base' has no parameterless constructor that 'Values' can call"));

    [Fact]
    public Task Base_class_with_a_private_parameterless_constructor_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Base
        {
            private Base() { }
            public Base(int seed) { }
        }

        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values : {|ST0013:Base|}, System.ICloneable
        {
            /// <summary>A seeded array.</summary>
            public Values() : base(42) { }

            /// <summary>A copy.</summary>
            public object Clone() => this;
        }
        """);

    [Fact]
    public Task Base_constructors_the_generated_one_can_call_raise_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Protected { protected Protected() { } }
        public class Optional { public Optional(int seed = 0) { } }
        public class Params { public Params(params int[] seeds) { } }
        public class Implicit { }

        [SharedTyped.SharedArray<int>(Name = "a", Shape = [4])]
        public partial class A : Protected;

        [SharedTyped.SharedArray<int>(Name = "b", Shape = [4])]
        public partial class B : Optional;

        [SharedTyped.SharedArray<int>(Name = "c", Shape = [4])]
        public partial class C : Params;

        [SharedTyped.SharedArray<int>(Name = "d", Shape = [4])]
        public partial class D : Implicit;
        """);

    [Fact]
    public Task Primary_constructor_is_an_error_on_the_parameter_list() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values{|#0:(int seed)|}
        {
            /// <summary>The seed.</summary>
            public int Seed => seed;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.UnconstructibleClass).WithLocation(0)
            .WithArguments("Values", "it has a primary constructor, which every other constructor must call; remove the parameter list"));

    [Fact]
    public Task Positional_record_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial record Values{|ST0013:(int Seed)|};
        """);

    [Fact]
    public Task Class_with_an_ordinary_constructor_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values
        {
            /// <summary>Another way in.</summary>
            public Values(int seed) { }
        }
        """);

    [Fact]
    public Task Required_member_is_an_error_on_the_member() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values
        {
            /// <summary>A seed.</summary>
            public required int {|#0:Seed|} { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.UnconstructibleClass).WithLocation(0)
            .WithArguments("Values", "'Values.Seed' is a required member, which Create and Attach cannot set"));

    [Fact]
    public Task Inherited_required_member_is_an_error_on_the_base_type() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Base
        {
            public required int Seed;
        }

        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values : {|#0:Base|};
        """,
        Verify.Diagnostic(DiagnosticIds.UnconstructibleClass).WithLocation(0)
            .WithArguments("Values", "'Base.Seed' is a required member, which Create and Attach cannot set"));

    [Fact]
    public Task Init_only_member_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values", Shape = [4])]
        public partial class Values
        {
            /// <summary>A seed.</summary>
            public int Seed { get; init; }
        }
        """);
}
