using SharedTyped.Generator.Tests.Infrastructure;

namespace SharedTyped.Generator.Tests.Generator;

/// <summary>The generator's output for each kind of declaration, compared with <c>Expected/*.g.cs</c>.</summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public Task Class_in_a_namespace() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo.Market;

        /// <summary>Prices by day and venue.</summary>
        [SharedArray<double>(Name = "prices", Shape = [10, 3])]
        public partial class Prices;
        """,
        ("Demo.Market.Prices.g.cs", "Namespace.g.cs"));

    [Fact]
    public Task Class_in_the_global_namespace() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        /// <summary>Counts.</summary>
        [SharedTyped.SharedArray<int>(Name = "counts", Shape = new[] { 4, 5 })]
        public partial class Counts { }
        """,
        ("Counts.g.cs", "GlobalNamespace.g.cs"));

    [Fact]
    public Task Class_nested_in_other_types() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo
        {
            /// <summary>Holds the arrays.</summary>
            public static partial class Outer
            {
                /// <summary>A middle record.</summary>
                public partial record Middle
                {
                    /// <summary>Flags.</summary>
                    [SharedArray<bool>(Name = "flags", Shape = [8, 2])]
                    public partial class Flags;
                }
            }
        }
        """,
        ("Demo.Outer+Middle+Flags.g.cs", "Nested.g.cs"));

    [Fact]
    public Task Internal_class() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        [SharedArray<long>(Name = "ticks", Shape = [2, 2])]
        internal partial class Ticks;
        """,
        ("Demo.Ticks.g.cs", "Internal.g.cs"));

    [Fact]
    public Task Dynamic_leading_dimension() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>Any number of rows of three.</summary>
        [SharedArray<float>(Name = "rows", Shape = [-1, 3])]
        public partial class Rows;
        """,
        ("Demo.Rows.g.cs", "DynamicLeading.g.cs"));

    [Fact]
    public Task Dynamic_vector() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>Any number of samples.</summary>
        [SharedArray<short>(Name = "samples", Shape = [-1])]
        public partial class Samples;
        """,
        ("Demo.Samples.g.cs", "DynamicVector.g.cs"));

    [Fact]
    public Task Rank_one() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>A vector.</summary>
        [SharedArray<ulong>(Name = "vector", Shape = [16])]
        public partial class Vector;
        """,
        ("Demo.Vector.g.cs", "RankOne.g.cs"));

    [Fact]
    public Task Rank_zero() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>A counter.</summary>
        [SharedArray<long>(Name = "counter")]
        public partial class Counter;
        """,
        ("Demo.Counter.g.cs", "Scalar.g.cs"));

    [Fact]
    public Task Rank_three() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>A cube.</summary>
        [SharedArray<System.Half>(Name = "cube", Shape = [4, 5, 6])]
        public partial class Cube;
        """,
        ("Demo.Cube.g.cs", "RankThree.g.cs"));

    [Fact]
    public Task Non_generic_attribute_means_double() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        namespace Demo;

        /// <summary>Weights.</summary>
        [SharedArray(Name = "weights", Shape = [3, 3])]
        public partial class Weights;
        """,
        ("Demo.Weights.g.cs", "NonGeneric.g.cs"));

    [Fact]
    public Task User_struct_element_and_escaped_names() => GeneratorTest.VerifyAsync(
        /* lang=c# */ """
        namespace Demo.@event;

        /// <summary>A point.</summary>
        public struct Point
        {
            /// <summary>X.</summary>
            public double X;
            /// <summary>Y.</summary>
            public double Y;
        }

        /// <summary>A keyword-named class with a name that needs escaping.</summary>
        [SharedTyped.SharedArray<Point>(Name = "odd\"name{x}<&>", Shape = [2])]
        public partial class @class;
        """,
        ("Demo.event.class.g.cs", "Escaped.g.cs"));

    [Fact]
    public Task Line_break_in_the_name_is_escaped_in_doc_comments() => GeneratorTest.VerifyAsync(
        // A newline is a valid file name character on Linux; written raw into a /// comment it would
        // end the comment and leave "b" as code.
        /* lang=c# */ """
        namespace Demo;

        /// <summary>A name with a line break.</summary>
        [SharedTyped.SharedArray<int>(Name = "a\nb", Shape = [2])]
        public partial class Broken;
        """,
        ("Demo.Broken.g.cs", "LineBreakInName.g.cs"));
}
