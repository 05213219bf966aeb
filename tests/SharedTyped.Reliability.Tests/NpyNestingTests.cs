using System.Text;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A <c>.npy</c> header whose brackets nest thousands deep is a format error, not a stack overflow
/// (which no caller can catch). Read in a peer, so that a crash would end the peer and fail the test.
/// </summary>
public sealed class NpyNestingTests
{
    [NotUnderWineTheory(Wine.Crash)]
    [InlineData('(', ')')]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void A_deeply_nested_header_is_a_format_error_in_ReadHeader_and_load(char open, char close)
    {
        var name = Segments.NewName("npy-deep");
        using var cleanup = new Cleanup(name);
        var file = UniqueNames.NewTempPath("npy-deep", ".npy");
        const int depth = 100_000;
        var inner = open == '{' ? "{'k': " : open.ToString();
        var literal = "{'descr': '<f8', 'fortran_order': False, 'shape': " +
            string.Concat(Enumerable.Repeat(inner, depth)) + new string(close, depth) + "}";
        File.WriteAllBytes(file, Npy(literal));
        try
        {
            using var peer = PeerProcess.Start("npy-read", file, name);
            foreach (var step in new[] { "header", "load" })
            {
                var line = peer.Expect(step);
                Assert.StartsWith($"{step} SharedArrayFormatException: ", line, StringComparison.Ordinal);
                Assert.Contains(file, line, StringComparison.Ordinal);
                Assert.Contains($"nest more than {PythonLiteral.MaxDepth} deep", line, StringComparison.Ordinal);
            }
            Assert.Equal(0, peer.WaitForExit());
            Assert.False(SharedArray.Exists(name));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A version 2.0 file (4-byte header length) around <paramref name="literal"/>, padded as numpy pads.</summary>
    private static byte[] Npy(string literal)
    {
        var header = Encoding.ASCII.GetBytes(literal);
        var total = 12 + header.Length + 1;
        var padding = (64 - total % 64) % 64;
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([2, 0]);
        bytes.AddRange(BitConverter.GetBytes(header.Length + padding + 1));
        bytes.AddRange(header);
        bytes.AddRange(Enumerable.Repeat((byte)' ', padding));
        bytes.Add((byte)'\n');
        return bytes.ToArray();
    }
}
