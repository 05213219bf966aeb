using System.Text.RegularExpressions;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>docs/format.md is true: its numpy snippet attaches to segments .NET made, and its worked example has the bytes it shows.</summary>
public sealed class FormatTests
{
    private static string Document => File.ReadAllText(Path.Combine(Repository.Root, "docs", "format.md"));

    [Fact]
    public void The_numpy_snippet_of_the_format_document_attaches_to_a_segment_dotnet_made()
    {
        var snippet = Regex.Match(Document, "```python\n(?<code>.*?)```", RegexOptions.Singleline).Groups["code"].Value;
        Assert.Contains("def attach(name):", snippet);
        var name = Segments.NewName("format-prices");
        try
        {
            using (var prices = SharedArray.Create<double>(name, [10, 3]))
            {
                prices[3, 1] = 42.5;
            }
            Assert.Equal("float64 (10, 3) 42.5", Numpy.Run(snippet.Replace("\"prices\"", $"\"{name}\"", StringComparison.Ordinal)).Trim());

            // An extension code: the type record moves nothing past P = 64 for rank 1, and the snippet still finds the data.
            using (var bytes = SharedArray.Create<byte>(name + "-u8", [5], source: [1, 2, 3, 4, 250]))
            {
                var script = snippet.Replace("shm, prices = attach(\"prices\")", $"shm, prices = attach(\"{name}-u8\")", StringComparison.Ordinal)
                    .Replace("print(prices.dtype, prices.shape, prices[3, 1])", "print(prices.dtype, prices.shape, list(prices))", StringComparison.Ordinal);
                Assert.Equal("uint8 (5,) [1, 2, 3, 4, 250]", Numpy.Run(script).Trim());
            }
        }
        finally
        {
            Segments.Remove(name, name + "-u8");
        }
    }

    [Fact]
    public void The_worked_example_has_the_bytes_the_document_shows()
    {
        var name = Segments.NewName("format-example");
        try
        {
            using var prices = SharedArray.Create<double>(name, [10, 3]);
            var info = SharedMemory.Inspect(name);
            Assert.Equal((64L, 448L), (info.DataOffset, info.SegmentBytes));
            var bytes = File.ReadAllBytes(Segments.PathOf(name));
            Assert.Equal(Convert.FromHexString("000000180a000002" + "000000000000000a" + "0000000000000003"), bytes[..24]);
            Assert.Equal("STSY"u8.ToArray(), bytes[320..324]);
            Assert.Equal(3u, BitConverter.ToUInt32(bytes, 324)); // the sync block's layout version (docs/format.md)
            Assert.Contains("00 00 00 18", Document);
            Assert.Contains("Create<double>(\"prices\", [10, 3])` is 448 bytes", Document);
            Assert.Contains("320     53 54 53 59", Document);
        }
        finally
        {
            Segments.Remove(name);
        }
    }
}
