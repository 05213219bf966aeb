using SharedTyped.TestCases;
using Verify = SharedTyped.Generator.Tests.Infrastructure.AnalyzerTest<SharedTyped.Analyzers.SharedArrayDeclarationAnalyzer>;

namespace SharedTyped.Generator.Tests.Analyzers;

/// <summary>The analyzers' half of the one name table (tests/Shared/SegmentNameCases.cs); the runtime's half is in the reliability tests.</summary>
public sealed class NameRuleTableTests
{
    public static TheoryData<int> InvalidCases() => new(Enumerable.Range(0, SegmentNameCases.Invalid.Length));

    public static TheoryData<int> ValidCases() => new(Enumerable.Range(0, SegmentNameCases.Valid.Length));

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public Task Every_name_of_the_table_that_the_runtime_refuses_is_ST0004(int index) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = {|ST0004:{{SegmentNameCases.Literal(SegmentNameCases.Invalid[index].Name)}}|}, Shape = [4])]
        public partial class Values;
        """);

    [Theory]
    [MemberData(nameof(ValidCases))]
    public Task Every_name_of_the_table_that_the_runtime_accepts_raises_nothing(int index) => Verify.VerifyAsync(
        $$"""
        [SharedTyped.SharedArray<int>(Name = {{SegmentNameCases.Literal(SegmentNameCases.Valid[index])}}, Shape = [4])]
        public partial class Values;
        """);
}
