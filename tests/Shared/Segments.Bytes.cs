namespace SharedTyped.TestSupport;

/// <summary>
/// A segment's bytes read and written by hand, as a hostile or buggy same-user process could: its file on Linux,
/// its named mapping on Windows (<see cref="WindowsMappings"/>). Linked, with WindowsMappings.cs, into the test
/// assemblies that see the runtime's internals (the Windows trailer's layout and the sync block's have their one home there).
/// </summary>
internal static partial class Segments
{
    public static byte[] ReadBytes(string name) => OperatingSystem.IsWindows() ? WindowsMappings.ReadBytes(name) : File.ReadAllBytes(PathOf(name));

    /// <summary>
    /// The segment's bytes with the nonce of its sync block zeroed (docs/format.md: bytes 40-48 of the block, random for
    /// every segment created), so that two segments laid out alike compare equal.
    /// </summary>
    public static byte[] ReadBytesWithoutNonce(string name)
    {
        var bytes = ReadBytes(name);
        var block = bytes.Length - SyncBlock.Length;
        if (block >= 0 && bytes.AsSpan(block, SyncBlock.Magic.Length).SequenceEqual(SyncBlock.Magic))
        {
            bytes.AsSpan(block + SyncBlock.NonceOffset, sizeof(ulong)).Clear();
        }
        return bytes;
    }

    /// <summary>Writes a segment by hand, as a hostile or buggy peer could (on Windows, held open until <see cref="Remove"/>).</summary>
    public static void WriteRaw(string name, ReadOnlySpan<byte> bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            Hold(name, WindowsMappings.WriteRaw(name, bytes));
            return;
        }
        using var file = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write);
        file.Write(bytes);
    }
}
