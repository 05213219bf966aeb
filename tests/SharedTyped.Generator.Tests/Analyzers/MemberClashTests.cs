using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.ClassShapeAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0014: a member of the class, declared or inherited, or the class's name clashes with a generated member.</summary>
public sealed class MemberClashTests
{
    [Fact]
    public Task Method_with_the_signature_of_a_generated_one_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices
        {
            /// <summary>Mine.</summary>
            public void {|#0:Dispose|}() { }
        }
        """,
        Verify.Diagnostic(DiagnosticIds.GeneratedMemberClash).WithLocation(0)
            .WithArguments("The member 'Dispose()'", "Dispose()", "Prices"));

    [Fact]
    public Task Overloads_of_generated_methods_raise_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices
        {
            /// <summary>Dispose pattern.</summary>
            protected virtual void Dispose(bool disposing) { }

            /// <summary>Another factory.</summary>
            public static Prices Create(string seed) => throw null!;

            /// <summary>Generic, so another signature.</summary>
            public static Prices Create<T>(SharedTyped.CreateOptions? options) => throw null!;

            /// <summary>By value, where the generated one has out.</summary>
            public static bool TryCreate(Prices array, SharedTyped.CreateOptions? options) => false;

            /// <summary>Another indexer.</summary>
            public double this[string column] => 0;

            /// <summary>One index, where the generated indexer has two.</summary>
            public double this[int flat] => 0;

            /// <summary>A rank-2 array has no Dim2.</summary>
            public const int Dim2 = 1;
        }
        """);

    [Fact]
    public Task Ref_where_the_generated_method_has_out_is_an_error() => Verify.VerifyAsync(
        // C# refuses overloads that differ only in ref and out (CS0663).
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices
        {
            /// <summary>Mine.</summary>
            public static bool {|#0:TryCreate|}(ref Prices? array, SharedTyped.CreateOptions? options) => false;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.GeneratedMemberClash).WithLocation(0)
            .WithArguments("The member 'TryCreate(ref Prices, CreateOptions)'", "TryCreate(out Prices, CreateOptions)", "Prices"));

    [Fact]
    public Task Members_named_like_generated_ones_are_errors() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [-1, 3])]
        public partial class Prices
        {
            /// <summary>Mine.</summary>
            public long {|ST0014:Length|} => 0;

            private int {|ST0014:_array|};

            /// <summary>Mine.</summary>
            public int {|ST0014:Dim1|}() => _array;

            /// <summary>Mine.</summary>
            public sealed class {|ST0014:ReadOnly|};

            /// <summary>The indexer's metadata name.</summary>
            public int {|ST0014:Item|};

            /// <summary>Mine.</summary>
            public event System.Action? {|ST0014:Row|};
        }
        """);

    [Fact]
    public Task Indexer_with_the_generated_parameters_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices
        {
            /// <summary>Mine.</summary>
            public double {|#0:this|}[int row, int column] => 0;
        }
        """,
        Verify.Diagnostic(DiagnosticIds.GeneratedMemberClash).WithLocation(0)
            .WithArguments("The member 'this[int, int]'", "this[int, int]", "Prices"));

    [Fact]
    public Task Scalar_has_value_and_no_indexer() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "price")]
        public partial class Price
        {
            /// <summary>No indexer is generated for a scalar, so Item is free.</summary>
            public int Item => 0;

            /// <summary>Nor is Row.</summary>
            public int Row => 0;

            /// <summary>Mine.</summary>
            public double {|ST0014:Value|} => 0;
        }
        """);

    [Theory]
    [InlineData("Length")]
    [InlineData("ReadOnly")]
    [InlineData("Create")]
    [InlineData("Item")]
    [InlineData("Dim1")]
    public Task Class_named_like_a_generated_member_is_an_error(string name) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class {|#0:{{name}}|};
        """,
        Verify.Diagnostic(DiagnosticIds.GeneratedMemberClash).WithLocation(0)
            .WithArguments($"The class name '{name}'", name == "Create" ? "Create(CreateOptions)" : name == "Item" ? "this[int, int]" : name, name));

    [Theory]
    [InlineData("Shape")]
    [InlineData("Name")]
    [InlineData("Dim2")]
    [InlineData("Values")]
    public Task Class_named_like_no_generated_member_raises_nothing(string name) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class {{name}};
        """);

    [Fact]
    public Task Inherited_member_the_generated_one_would_hide_is_an_error_on_the_base_type() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Base
        {
            public virtual void Save(string path, SharedTyped.SaveOptions options) { }
        }

        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices : {|#0:Base|};
        """,
        Verify.Diagnostic(DiagnosticIds.GeneratedMemberClash).WithLocation(0)
            .WithArguments("The inherited member 'Base.Save(string, SaveOptions)'", "Save(string, SaveOptions)", "Prices"));

    [Fact]
    public Task Inherited_members_the_generated_ones_do_not_hide_raise_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        public class Base
        {
            private int Length;
            private void Save(string path) { }
            protected virtual void Dispose(bool disposing) { }
            public int Count => Length;
            public void Touch() => Save("");
        }

        [SharedTyped.SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices : Base;
        """);
}
