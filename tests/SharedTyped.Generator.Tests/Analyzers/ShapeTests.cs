using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0006 (zero or negative dimension) and ST0007 (byte size overflows 64 bits).</summary>
public sealed class ShapeTests
{
    [Theory]
    [InlineData("[10, {|#0:0|}]", 1, 0)]
    [InlineData("[{|#0:0|}]", 0, 0)]
    [InlineData("[{|#0:-2|}, 3]", 0, -2)]
    [InlineData("[3, {|#0:-1|}]", 1, -1)]
    [InlineData("[-1, {|#0:-1|}]", 1, -1)]
    [InlineData("new[] { 4, {|#0:-5|} }", 1, -5)]
    [InlineData("new int[] { 4, 4, {|#0:0|} }", 2, 0)]
    public Task Zero_or_negative_dimension_is_an_error_on_the_dimension(string shape, int dimension, int extent) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = "values", Shape = {{shape}})]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.InvalidDimension).WithLocation(0).WithArguments(dimension, "Values", extent));

    [Theory]
    [InlineData("[]")]
    [InlineData("[1]")]
    [InlineData("[-1]")]
    [InlineData("[-1, 3]")]
    [InlineData("[-1, 3, 4]")]
    [InlineData("new[] { 10, 3 }")]
    [InlineData("null!")]
    public Task Positive_dimensions_and_a_leading_minus_one_raise_nothing(string shape) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = "values", Shape = {{shape}})]
        public partial class Values;
        """);

    [Fact]
    public Task Missing_shape_is_a_scalar_and_says_so_at_info_level() => Verify.VerifyAsync(
        /* lang=c# */ """
        [{|#0:SharedTyped.SharedArray<int>(Name = "values")|}]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.ShapeOmitted).WithLocation(0).WithArguments("Values"));

    [Fact]
    public Task Byte_size_overflow_is_an_error_on_the_shape() => Verify.VerifyAsync(
        // 2^30 * 2^30 doubles are 2^63 bytes: one more than a long holds.
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = {|#0:[1073741824, 1073741824]|})]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.ShapeTooLarge).WithLocation(0).WithArguments("Values", "(1073741824, 1073741824)", "double"));

    [Fact]
    public Task Element_count_overflow_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<sbyte>(Name = "values", Shape = {|ST0007:[2147483647, 2147483647, 2147483647]|})]
        public partial class Values;
        """);

    [Fact]
    public Task Struct_size_counts_towards_the_overflow() => Verify.VerifyAsync(
        /* lang=c# */ """
        public struct Pair { public double A; public double B; }

        [SharedTyped.SharedArray<{|ST0002:Pair|}>(Name = "values", Shape = {|ST0007:[1073741824, 536870912]|})]
        public partial class Values;
        """);

    [Fact]
    public Task Explicit_layout_union_counts_its_widest_field_not_the_sum() => Verify.VerifyAsync(
        // Four longs at offset 0 are 8 bytes, not 32: 2^59 of them (2^62 bytes) fit in a long.
        /* lang=c# */ """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Explicit)]
        public struct Union
        {
            [FieldOffset(0)] public long A;
            [FieldOffset(0)] public long B;
            [FieldOffset(0)] public long C;
            [FieldOffset(0)] public long D;
        }

        [SharedTyped.SharedArray<{|ST0002:Union|}>(Name = "values", Shape = [1073741824, 536870912])]
        public partial class Values;
        """);

    [Fact]
    public Task Explicit_layout_counts_the_furthest_field_end() => Verify.VerifyAsync(
        // A long at offset 8 ends at 16 bytes: 2^59 of them are 2^63 bytes, one more than a long holds.
        /* lang=c# */ """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Explicit)]
        public struct Split
        {
            [FieldOffset(0)] public long Low;
            [FieldOffset(0)] public int Half;
            [FieldOffset(8)] public long High;
        }

        [SharedTyped.SharedArray<{|ST0002:Split|}>(Name = "values", Shape = {|ST0007:[1073741824, 536870912]|})]
        public partial class Values;
        """);

    [Fact]
    public Task Struct_layout_size_counts_towards_the_overflow() => Verify.VerifyAsync(
        /* lang=c# */ """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, Size = 16)]
        public struct Padded { public byte Tag; }

        [SharedTyped.SharedArray<{|ST0002:Padded|}>(Name = "values", Shape = {|ST0007:[1073741824, 536870912]|})]
        public partial class Values;
        """);

    [Fact]
    public Task Byte_size_just_below_the_limit_raises_nothing() => Verify.VerifyAsync(
        // 2^30 * (2^30 - 1) doubles plus a 64-byte header still fit in a long.
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = [1073741824, 1073741823])]
        public partial class Values;
        """);

    [Fact]
    public Task Dynamic_leading_dimension_is_left_out_of_the_size() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = [-1, 1073741824, 1073741823])]
        public partial class Values;
        """);
}
