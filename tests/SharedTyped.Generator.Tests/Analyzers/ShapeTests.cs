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
    public Task MissingShapeIsAScalarAndRaisesNothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray<int>(Name = "values")]
        public partial class Values;
        """);

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
