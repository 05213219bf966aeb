using System.Buffers.Binary;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>The 1 GiB payload of the Load and Create benchmarks: 2^27 <c>double</c> elements in one dimension.</summary>
internal static class Gigabyte
{
    public const long DataBytes = 1L << 30;

    public const long Elements = DataBytes / sizeof(double);

    /// <summary>Header of a 1-D float64 <c>to_file</c> file: H = 16, code 10, ndim 1, then the extent (docs/format.md, "The file").</summary>
    public static byte[] FileHeader(long elements = Elements)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 16);
        header[4] = 10;
        header[7] = 1;
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), (ulong)elements);
        return header;
    }

    /// <summary>
    /// Writes a <c>to_file</c> file of 1 GiB of data (or <paramref name="elements"/> doubles, a multiple of 2^20) and flushes it to disk, so that it sits clean in the
    /// page cache and no write-back competes with the copies being measured.
    /// </summary>
    public static void WriteFile(string path, long elements = Elements)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        file.Write(FileHeader(elements));
        var chunk = new double[1 << 20];
        for (var k = 0; k < chunk.Length; k++)
        {
            chunk[k] = k * 0.5;
        }
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk.AsSpan());
        for (long written = 0; written < elements * sizeof(double); written += bytes.Length)
        {
            file.Write(bytes);
        }
        file.Flush(flushToDisk: true);
    }
}
