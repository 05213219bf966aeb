using SharedTyped.Analyzers;
using SharedTyped.Generator.Tests.Infrastructure;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>ST0001 (element type not unmanaged) and ST0002 (outside cdxcore's dtype table).</summary>
public sealed class ElementTypeTests
{
    [Fact]
    public Task Managed_element_type_is_an_error() => Verify.VerifyAsync(
        // The attribute's `where T : unmanaged` makes the compiler report CS8377 as well.
        /* lang=c# */ """
        using SharedTyped;

        [SharedArray<{|CS8377:{|ST0001:string|}|}>(Name = "texts", Shape = [4])]
        public partial class Texts;
        """);

    [Fact]
    public Task Struct_with_a_reference_is_an_error() => Verify.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        public struct Holder { public string Text; }

        [SharedArray<{|CS8377:{|ST0001:Holder|}|}>(Name = "holders", Shape = [4])]
        public partial class Holders;
        """);

    [Fact]
    public Task Struct_of_unmanaged_fields_is_not_an_error_but_outside_cdxcore() => Verify.VerifyAsync(
        /* lang=c# */ """
        using SharedTyped;

        public struct Holder { public long Ticks; public int Count; }

        [SharedArray<{|ST0002:Holder|}>(Name = "holders", Shape = [4])]
        public partial class Holders;
        """);

    [Theory]
    [InlineData("byte")]
    [InlineData("char")]
    [InlineData("decimal")]
    [InlineData("nint")]
    [InlineData("System.DayOfWeek")]
    [InlineData("System.Guid")]
    public Task Unmanaged_type_outside_cdxcore_is_a_warning(string elementType) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<{|ST0002:{{elementType}}|}>(Name = "values", Shape = [4])]
        public partial class Values;
        """);

    [Theory]
    [InlineData("bool")]
    [InlineData("sbyte")]
    [InlineData("short")]
    [InlineData("int")]
    [InlineData("long")]
    [InlineData("ushort")]
    [InlineData("uint")]
    [InlineData("ulong")]
    [InlineData("System.Half")]
    [InlineData("float")]
    [InlineData("double")]
    [InlineData("SharedTyped.Complex64")]
    [InlineData("System.Numerics.Complex")]
    [InlineData("SharedTyped.DateTime64")]
    [InlineData("SharedTyped.TimeDelta64")]
    public Task Cdxcore_types_raise_nothing(string elementType) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<{{elementType}}>(Name = "values", Shape = [4])]
        public partial class Values;
        """);

    [Fact]
    public Task Non_generic_attribute_is_double_and_raises_nothing() => Verify.VerifyAsync(
        /* lang=c# */ """
        [SharedTyped.SharedArray(Name = "values", Shape = [4])]
        public partial class Values;
        """);

    [Fact]
    public Task Diagnostic_carries_id_message_and_help_link()
    {
        var descriptor = new SharedArrayDeclarationAnalyzer().SupportedDiagnostics.Single(d => d.Id == DiagnosticIds.ElementTypeNotUnmanaged);
        Assert.Equal("SharedTyped", descriptor.Category);
        Assert.EndsWith("#st0001", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        return Verify.VerifyAsync(
            /* lang=c# */ """
            [SharedTyped.SharedArray<{|CS8377:object|}>(Name = "objects", Shape = [4])]
            public partial class Objects;
            """,
            Verify.Diagnostic(DiagnosticIds.ElementTypeNotUnmanaged)
                .WithSpan(1, 26, 1, 32)
                .WithArguments("object", "Objects"));
    }
}
