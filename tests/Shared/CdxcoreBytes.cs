using System.Runtime.InteropServices;

namespace SharedTyped.Testing;

/// <summary>
/// Bytes as cdxcore and numpy write them, laid out by the runtime's own <c>SegmentLayout</c> (docs/format.md) instead of
/// by hand: a <c>to_file</c> file is the header (and a type record for an extension code) right before the data.
/// Headers the runtime must refuse (lying lengths, unknown codes) are built from docs/format.md by the tests that plant
/// them (SharedTyped.Tests' ExpectedHeader, the fuzzer's HeaderGenerator). Linked into the test assemblies that see the
/// runtime's internals.
/// </summary>
internal static class CdxcoreBytes
{
    /// <summary>The header of an array of <typeparamref name="T"/> of <paramref name="shape"/>.</summary>
    public static byte[] Header<T>(params long[] shape) where T : unmanaged => SegmentLayout.For<T>("cdxcore-bytes", shape).FileHeader();

    /// <summary>
    /// A <c>to_file</c> file of <paramref name="shape"/> carrying <paramref name="values"/>: the header, then the values;
    /// fewer values than the shape holds make a truncated file.
    /// </summary>
    public static byte[] File<T>(long[] shape, ReadOnlySpan<T> values) where T : unmanaged
    {
        var header = Header<T>(shape);
        var data = MemoryMarshal.AsBytes(values);
        var bytes = new byte[header.Length + data.Length];
        header.CopyTo(bytes, 0);
        data.CopyTo(bytes.AsSpan(header.Length));
        return bytes;
    }

    /// <summary>A segment as cdxcore and numpy make one: the header, zeros up to the aligned data offset, the values; no sync block.</summary>
    public static byte[] Segment<T>(long[] shape, ReadOnlySpan<T> values) where T : unmanaged
    {
        var layout = SegmentLayout.For<T>("cdxcore-bytes", shape);
        var data = MemoryMarshal.AsBytes(values);
        var bytes = new byte[layout.DataOffset + data.Length];
        layout.WriteHeader(bytes);
        data.CopyTo(bytes.AsSpan((int)layout.DataOffset));
        return bytes;
    }
}
