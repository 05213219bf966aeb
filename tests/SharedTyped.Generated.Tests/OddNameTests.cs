namespace SharedTyped.Generated.Tests;

/// <summary>A segment name with a line break works end to end: the generated code compiles and names the file.</summary>
public sealed class OddNameTests() : SegmentTest(LineBreakName.SegmentName)
{
    [Fact]
    public void Name_with_a_line_break_creates_attaches_and_deletes()
    {
        using var created = LineBreakName.Create(fill: 7);
        Assert.True(OperatingSystem.IsWindows() ? LineBreakName.Exists() : File.Exists(SegmentDirectory.FileOf("st-gen-line\nbreak")));

        using var attached = LineBreakName.Attach();
        Assert.Equal(7, attached[1]);
        // Windows frees the name only with its last handle (docs/guarantees.md, "Windows").
        Assert.Equal(!OperatingSystem.IsWindows(), LineBreakName.Delete());
        Assert.False(LineBreakName.Exists());
    }
}
