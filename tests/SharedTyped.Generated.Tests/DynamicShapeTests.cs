namespace SharedTyped.Generated.Tests;

/// <summary>A leading <c>-1</c>: the extent is given at Create and accepted as found at Attach.</summary>
public sealed class DynamicShapeTests() : SegmentTest(Rows.SegmentName, Samples.SegmentName)
{
    [Fact]
    public void Only_the_trailing_extents_are_constants()
    {
        Assert.Equal(2, Rows.Rank);
        Assert.Equal(4, Rows.Dim1);
        Assert.Null(typeof(Rows).GetField("Dim0"));
        Assert.Null(typeof(Rows).GetField("Length"));
    }

    [Fact]
    public void Create_takes_the_leading_extent()
    {
        using var rows = Rows.Create(rows: 5, fill: 0.25f);

        Assert.Equal(5, rows.Dim0);
        Assert.Equal(20L, rows.Length);
        Assert.Equal([5L, 4L], rows.Array.Shape.ToArray());
        rows[4, 3] = 8f;
        Assert.Equal(8f, rows.AsSpan()[19]);
        Assert.Equal([0.25f, 0.25f, 0.25f, 8f], rows.Row(4).ToArray());

        var error = Assert.Throws<IndexOutOfRangeException>(() => rows[5, 0]);
        Assert.Equal("Shared array 'st-gen-rows' (float, shape (5, 4)): index (5, 0) is out of range.", error.Message);
        Assert.Throws<IndexOutOfRangeException>(() => rows[0, 4]);
    }

    [Fact]
    public void Attach_accepts_any_leading_extent()
    {
        using var made = SharedArray.Create<float>(Rows.SegmentName, [7, 4], fill: 3f);
        made[6, 0] = 60f;

        using var rows = Rows.Attach();
        Assert.Equal(7, rows.Dim0);
        Assert.Equal(28L, rows.Length);
        Assert.Equal(60f, rows[6, 0]);
        Assert.True(Rows.TryAttach(out var again));
        using (again)
        {
            Assert.Equal(7, again.Dim0);
        }
    }

    [Fact]
    public void Attach_checks_the_trailing_extents()
    {
        using var stored = SharedArray.Create<float>(Rows.SegmentName, [7, 5]);

        var error = Assert.Throws<SharedArrayMismatchException>(() => Rows.Attach());
        Assert.Equal("Shared array 'st-gen-rows' of float has shape (7, 5), expected (-1, 4).", error.Message);
    }

    [Fact]
    public void Create_from_a_source_makes_whole_rows()
    {
        using var rows = Rows.Create(Enumerable.Range(0, 12).Select(static n => (float)n).ToArray());

        Assert.Equal(3, rows.Dim0);
        Assert.Equal(11f, rows[2, 3]);
        // Windows frees the name only with its last handle (docs/guarantees.md, "Windows").
        Assert.Equal(!OperatingSystem.IsWindows(), Rows.Delete());

        var error = Assert.Throws<ArgumentException>(() => Rows.Create(new float[13]));
        Assert.Equal("source", error.ParamName);
        Assert.StartsWith("Shared array 'st-gen-rows' has rows of 4 elements; 13 elements are not a whole number of rows.", error.Message, StringComparison.Ordinal);
        Assert.False(Rows.Exists());
    }

    [Fact]
    public void Negative_rows_are_refused_and_zero_rows_are_empty()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Rows.Create(rows: -1));
        Assert.Equal("rows", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Rows.TryCreate(-1, out _));

        using var empty = Rows.Create(rows: 0);
        Assert.Equal(0, empty.Dim0);
        Assert.Equal(0L, empty.Length);
        Assert.Throws<IndexOutOfRangeException>(() => empty[0, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => empty.Row(0).Length);
    }

    [LinuxFact("recreates a name its holders still have open; Windows frees a name only with its last handle")]
    public void Dynamic_vector_takes_its_length()
    {
        using var samples = Samples.Create(length: 6, fill: (short)-2);
        samples[5] = 300;

        Assert.Equal(1, Samples.Rank);
        Assert.Equal(6, samples.Dim0);
        Assert.Equal(6L, samples.Length);
        Assert.Equal([-2, -2, -2, -2, -2, 300], samples.AsSpan().ToArray());
        var error = Assert.Throws<IndexOutOfRangeException>(() => samples[6]);
        Assert.Equal("Shared array 'st-gen-samples' (short, shape (6,)): index 6 is out of range.", error.Message);

        using var attached = Samples.Attach();
        Assert.Equal(300, attached[5]);
        Assert.True(Samples.Delete());

        using var copied = Samples.Create(new short[] { 1, 2, 3 });
        Assert.Equal(3, copied.Dim0);
    }
}
