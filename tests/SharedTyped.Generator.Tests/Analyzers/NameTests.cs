using SharedTyped.Analyzers;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0004 (invalid name) and ST0005 (too long for macOS).</summary>
public sealed class NameTests
{
    [Fact]
    public Task Missing_name_is_an_error_on_the_attribute() => Verify.VerifyAsync(
        /* lang=c# */ """
        [{|ST0004:SharedTyped.SharedArray<int>(Shape = [4])|}]
        public partial class Values;
        """);

    [Fact]
    public Task Null_name_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        [{|ST0004:SharedTyped.SharedArray<int>(Name = null!, Shape = [4])|}]
        public partial class Values;
        """);

    [Theory]
    [InlineData("\"\"", "it is empty")]
    [InlineData("\"a/b\"", "'a/b' contains '/'; a name is a single file name")]
    [InlineData("\"a\\\\b\"", "'a\\b' contains '\\'; a name is a single file name")]
    [InlineData("\"a\\0b\"", "'a\\0b' contains a NUL character")]
    [InlineData("\".hidden\"", "'.hidden' starts with '.'")]
    [InlineData("\"a..b\"", "'a..b' contains '..'")]
    [InlineData("\"" + Names.X256 + "\"", "'" + Names.X40 + "…' is 256 bytes in UTF-8, more than the 255 a file name may have")]
    [InlineData("\"" + Names.E128 + "\"", "'" + Names.E40 + "…' is 256 bytes in UTF-8, more than the 255 a file name may have")]
    public Task Invalid_name_is_an_error_on_the_name(string literal, string reason) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = {|#0:{{literal}}|}, Shape = [4])]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.InvalidSegmentName).WithLocation(0).WithArguments("Values", reason));

    [Theory]
    [InlineData("prices")]
    [InlineData("my-array_1.v2")]
    [InlineData("a.b.c")]
    [InlineData("x")]
    [InlineData(Names.X30)]
    [InlineData(Names.E15)]
    public Task Valid_name_raises_nothing(string name) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = "{{name}}", Shape = [4])]
        public partial class Values;
        """);

    [Theory]
    [InlineData(Names.X31, 31)]
    [InlineData(Names.X31 + "y", 32)]
    [InlineData(Names.E15 + "x", 31)]
    public Task Name_over_30_bytes_is_a_warning_for_macOS(string name, int bytes) => Verify.VerifyAsync(
        // macOS's limit of 31 bytes includes the '/' that shm_open puts in front of the name.
        $$"""
        [SharedTyped.SharedArray<int>(Name = {|#0:"{{name}}"|}, Shape = [4])]
        public partial class Values;
        """,
        Verify.Diagnostic(DiagnosticIds.SegmentNameTooLongForMacOS).WithLocation(0).WithArguments(name, bytes));

    [Fact]
    public Task Name_of_255_bytes_is_only_the_macOS_warning() => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = {|ST0005:"{{Names.X256.Substring(1)}}"|}, Shape = [4])]
        public partial class Values;
        """);

    [Fact]
    public Task Name_from_a_constant_is_checked() => Verify.VerifyAsync(
        /* lang=c# */ """
        public static class Names { public const string Prefix = "shared/"; }

        [SharedTyped.SharedArray<int>(Name = {|ST0004:Names.Prefix + "values"|}, Shape = [4])]
        public partial class Values;
        """);

    private static class Names
    {
        public const string X30 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        public const string X31 = X30 + "x";
        public const string E15 = "ééééééééééééééé";
        public const string X40 = X31 + "xxxxxxxxx";
        public const string X256 = X40 + X40 + X40 + X40 + X40 + X40 + "xxxxxxxxxxxxxxxx";
        public const string E40 = "éééééééééééééééééééééééééééééééééééééééé";
        public const string E128 = E40 + E40 + E40 + "éééééééé";
    }
}
