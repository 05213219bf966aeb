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
    public Task ZeroOrNegativeDimensionIsAnErrorOnTheDimension(string shape, int dimension, int extent) => Verify.VerifyAsync(
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
    public Task PositiveDimensionsAndALeadingMinusOneRaiseNothing(string shape) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = "values", Shape = {{shape}})]
        public partial class Values;
        """);

    [Fact]
    public Task MissingShapeIsAScalarAndSaysSoAtInfoLevel() => Verify.VerifyAsync(
        /* lang=c# */ """
        [{|#0:SharedTyped.SharedArray<int>(Name = "values")|}]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.ShapeOmitted).WithLocation(0).WithArguments("Values"));

    [Fact]
    public Task ByteSizeOverflowIsAnErrorOnTheShape() => Verify.VerifyAsync(
        // 2^30 * 2^30 doubles are 2^63 bytes: one more than a long holds.
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = {|#0:[1073741824, 1073741824]|})]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.ShapeTooLarge).WithLocation(0).WithArguments("Values", "(1073741824, 1073741824)", "double"));

    [Fact]
    public Task ElementCountOverflowIsAnError() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<sbyte>(Name = "values", Shape = {|ST0007:[2147483647, 2147483647, 2147483647]|})]
        public partial class Values;
        """);

    [Fact]
    public Task StructSizeCountsTowardsTheOverflow() => Verify.VerifyAsync(
        /* lang=c# */ """
        public struct Pair { public double A; public double B; }

        [SharedTyped.SharedArray<{|ST0002:Pair|}>(Name = "values", Shape = {|ST0007:[1073741824, 536870912]|})]
        public partial class Values;
        """);

    [Fact]
    public Task ExplicitLayoutUnionCountsItsWidestFieldNotTheSum() => Verify.VerifyAsync(
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
    public Task ExplicitLayoutCountsTheFurthestFieldEnd() => Verify.VerifyAsync(
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
    public Task StructLayoutSizeCountsTowardsTheOverflow() => Verify.VerifyAsync(
        /* lang=c# */ """
        using System.Runtime.InteropServices;

        [StructLayout(LayoutKind.Sequential, Size = 16)]
        public struct Padded { public byte Tag; }

        [SharedTyped.SharedArray<{|ST0002:Padded|}>(Name = "values", Shape = {|ST0007:[1073741824, 536870912]|})]
        public partial class Values;
        """);

    [Fact]
    public Task ByteSizeJustBelowTheLimitRaisesNothing() => Verify.VerifyAsync(
        // 2^30 * (2^30 - 1) doubles plus a 64-byte header still fit in a long.
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = [1073741824, 1073741823])]
        public partial class Values;
        """);

    [Fact]
    public Task DynamicLeadingDimensionIsLeftOutOfTheSize() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<double>(Name = "values", Shape = [-1, 1073741824, 1073741823])]
        public partial class Values;
        """);
}
