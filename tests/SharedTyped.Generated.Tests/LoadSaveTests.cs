using System.Buffers.Binary;

namespace SharedTyped.Generated.Tests;

/// <summary>Save writes cdxcore's to_file format; Load reads it into a segment or attaches to one.</summary>
public sealed class LoadSaveTests() : SegmentTest(Prices.SegmentName, Rows.SegmentName)
{
    [Fact]
    public void Save_then_load_round_trips()
    {
        var file = NewFile();
        using (var prices = Prices.Create(Enumerable.Range(0, 30).Select(static n => n * 1.25).ToArray()))
        {
            prices.Save(file);
        }
        Assert.True(Prices.Delete());

        using var loaded = Prices.Load(file, out var attached);

        Assert.False(attached);
        Assert.Equal(Enumerable.Range(0, 30).Select(static n => n * 1.25), loaded.AsSpan().ToArray());
        Assert.True(Prices.Exists());
    }

    [Fact]
    public void Saved_file_is_the_header_followed_by_the_elements()
    {
        var file = NewFile();
        using (var prices = Prices.Create(fill: 2.0))
        {
            prices[0, 1] = 3.0;
            prices.Save(file);
        }

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(24 + (30 * sizeof(double)), bytes.Length);           // no padding in a file
        Assert.Equal(24u, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        Assert.Equal(10, bytes[4]);
        Assert.Equal(10ul, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2.0, BitConverter.ToDouble(bytes, 24));
        Assert.Equal(3.0, BitConverter.ToDouble(bytes, 32));
    }

    [Fact]
    public void Load_attaches_to_an_existing_matching_segment()
    {
        var file = NewFile();
        using var prices = Prices.Create(fill: 1.0);
        prices.Save(file);
        prices[0, 0] = 50.0;

        using var loaded = Prices.Load(file, out var attached);

        Assert.True(attached);
        Assert.Equal(50.0, loaded[0, 0]);
        using var again = Prices.Load(file);
        Assert.Equal(50.0, again[0, 0]);
    }

    [Fact]
    public void Load_refuses_a_file_of_another_shape()
    {
        var file = NewFile();
        using (var other = SharedArray.Create<double>(UniqueNames.New("other"), [10, 4]))
        {
            other.Save(file);
            SharedArray.Delete(other.Name);
        }

        var error = Assert.Throws<SharedArrayMismatchException>(() => Prices.Load(file));
        Assert.Equal("Shared array 'st-gen-prices' of double has shape (10, 4), expected (10, 3).", error.Message);
        Assert.False(Prices.Exists());
    }

    [Fact]
    public void Load_of_a_dynamic_shape_takes_the_files_rows()
    {
        var file = NewFile();
        using (var rows = Rows.Create(rows: 6, fill: 1f))
        {
            rows[5, 3] = 4f;
            rows.Save(file);
        }
        Assert.True(Rows.Delete());

        using var loaded = Rows.Load(file, new LoadOptions { AcceptExisting = false });

        Assert.Equal(6, loaded.Dim0);
        Assert.Equal(4f, loaded[5, 3]);
        Assert.Throws<SharedArrayExistsException>(() => Rows.Load(file, new LoadOptions { AcceptExisting = false }));
    }

    [Fact]
    public void Load_of_a_missing_file_throws()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Prices.Load(NewFile()));
        Assert.Contains("'st-gen-prices'", error.Message, StringComparison.Ordinal);
    }
}
