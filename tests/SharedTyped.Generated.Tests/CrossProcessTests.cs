using System.Globalization;

namespace SharedTyped.Generated.Tests;

/// <summary>A second process (SharedTyped.Generated.Peer, run with dotnet) attaches through the same generated types.</summary>
public sealed class CrossProcessTests() : SegmentTest(Prices.SegmentName, Rows.SegmentName, Cube.SegmentName)
{
    [Fact]
    public void Peer_reads_what_this_process_wrote()
    {
        using var prices = Prices.Create(Enumerable.Range(1, 30).Select(static n => n * 0.5).ToArray());

        var result = Peer.Run("sum-prices");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(232.5, double.Parse(Assert.Single(result.Lines), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void This_process_sees_what_the_peer_wrote()
    {
        using var prices = Prices.Create(fill: 0.0);

        var result = Peer.Run("write-prices", "7", "2", "123.25");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(123.25, prices[7, 2]);
        Assert.Equal(123.25, prices.AsSpan().ToArray().Sum());
    }

    [Fact]
    public void Peer_attaches_read_only()
    {
        using var prices = Prices.Create(fill: 1.0);
        prices.Row(4).Fill(4.5);

        var result = Peer.Run("read-prices");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(10, result.Lines.Length);
        Assert.Equal("4.5 4.5 4.5", result.Lines[4]);
        Assert.Equal("1 1 1", result.Lines[9]);
    }

    [LinuxFact(LinuxOnly.Persistence)]
    public void Peer_creates_a_dynamic_shape_that_this_process_attaches()
    {
        var result = Peer.Run("create-rows", "9");
        Assert.True(result.ExitCode == 0, result.ToString());

        using var rows = Rows.Attach();
        Assert.Equal(9, rows.Dim0);
        Assert.Equal(2.5f, rows[0, 0]);
        Assert.Equal(-1f, rows[8, 3]);
    }

    [Fact]
    public void Peer_attaches_a_dynamic_shape_whatever_its_rows()
    {
        using var rows = Rows.Create(rows: 11, fill: 0f);
        rows[10, 3] = 0.75f;

        var result = Peer.Run("attach-rows");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("11 44 0.75", Assert.Single(result.Lines));
    }

    [Fact]
    public void Peer_checksums_a_cube()
    {
        using var cube = Cube.Create();
        var values = cube.AsSpan();
        for (var n = 0; n < values.Length; n++)
        {
            values[n] = (n * 7) - 40;
        }
        long expected = 0;
        foreach (var value in cube.AsSpan())
        {
            expected = (expected * 31) + value;
        }

        var result = Peer.Run("read-cube");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Assert.Single(result.Lines));
    }

    [Fact]
    public void Peer_reports_a_missing_segment()
    {
        var result = Peer.Run("sum-prices");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("SharedTyped.SharedArrayNotFoundException:", result.Error, StringComparison.Ordinal);
        Assert.Contains("st-gen-prices", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Peer_reports_a_shape_mismatch()
    {
        using var stored = SharedArray.Create<double>(Prices.SegmentName, [3, 10]);

        var result = Peer.Run("sum-prices");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Shared array 'st-gen-prices' of double has shape (3, 10), expected (10, 3).", result.Error, StringComparison.Ordinal);
    }
}
