namespace SharedTyped;

/// <summary>
/// The 16 bytes SharedTyped keeps at the very end of a Windows mapping (whose size Windows rounds up
/// to whole pages, so the end is found without knowing the length), after everything cdxcore and
/// numpy read: the length the segment was created with, which <c>VirtualQuery</c> cannot give, and
/// whether the segment was deleted (Windows cannot remove a name that a process holds open).
/// Native byte order. A mapping without the magic (made by cdxcore or numpy) has neither: its length
/// is the page-rounded one and it cannot be marked deleted. See docs/guarantees.md ("Windows").
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>[0, 4)</term><description>magic, the ASCII bytes <c>STWT</c></description></item>
/// <item><term>[4, 8)</term><description>state, uint32: 0 while the segment is named, 1 once deleted</description></item>
/// <item><term>[8, 16)</term><description>length, int64: the bytes the creator asked for (header, data, sync block)</description></item>
/// </list>
/// </remarks>
internal static unsafe class WindowsSegmentTrailer
{
    public const int Length = 16;
    public const int StateOffset = 4;
    public const int LengthOffset = 8;
    public const uint Named = 0, Deleted = 1;

    public static ReadOnlySpan<byte> Magic => "STWT"u8;

    /// <summary>The size of the mapping that holds <paramref name="length"/> bytes and the trailer: whole pages.</summary>
    public static long MappingSize(long length)
    {
        long page = Environment.SystemPageSize;
        return checked((length + Length + page - 1) / page * page);
    }

    /// <summary>Writes the trailer at the end of a new mapping of <paramref name="mappedBytes"/> bytes.</summary>
    public static void Write(byte* mapping, long mappedBytes, long length)
    {
        var trailer = mapping + mappedBytes - Length;
        *(long*)(trailer + LengthOffset) = length;
        *(uint*)(trailer + StateOffset) = Named;
        Magic.CopyTo(new Span<byte>(trailer, Magic.Length));
    }

    /// <summary>The trailer of a mapping of <paramref name="mappedBytes"/> bytes, or null when it has none.</summary>
    public static byte* Find(byte* mapping, long mappedBytes)
    {
        if (mappedBytes < Length)
        {
            return null;
        }
        var trailer = mapping + mappedBytes - Length;
        return new ReadOnlySpan<byte>(trailer, Magic.Length).SequenceEqual(Magic) ? trailer : null;
    }

    /// <summary>The stored length, or null when it cannot be true of a mapping of <paramref name="mappedBytes"/> bytes (a neighbour rewrote it).</summary>
    public static long? StoredLength(byte* trailer, long mappedBytes)
    {
        var length = Volatile.Read(ref *(long*)(trailer + LengthOffset));
        return length >= 0 && length <= mappedBytes - Length ? length : null;
    }

    public static bool IsDeleted(byte* trailer) => Volatile.Read(ref *(uint*)(trailer + StateOffset)) != Named;

    /// <summary>Marks the segment deleted; whether this call did (false when it was already).</summary>
    public static bool MarkDeleted(byte* trailer) => Interlocked.CompareExchange(ref *(uint*)(trailer + StateOffset), Deleted, Named) == Named;
}
