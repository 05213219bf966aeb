namespace SharedTyped;

/// <summary>
/// The 64 bytes SharedTyped writes after the data of every segment it creates (at
/// <see cref="SegmentLayout.SyncBlockOffset"/>), which cdxcore and numpy ignore. Fields are in native
/// byte order, like the data, because processes operate on them atomically. python/sharedtyped.py
/// reads and writes the same offsets; docs/guarantees.md states the protocol.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>[0, 4)</term><description>magic, the ASCII bytes <c>STSY</c></description></item>
/// <item><term>[4, 8)</term><description>layout version, uint32 (1)</description></item>
/// <item><term>[8, 16)</term><description>published version, int64, 0 after creation</description></item>
/// <item><term>[16, 20)</term><description>sequence, uint32 futex word: odd while a write is in progress; every publish changes it</description></item>
/// <item><term>[20, 24)</term><description>lock changes, uint32 futex word bumped after every lock release</description></item>
/// <item><term>[24, 28)</term><description>pid of the writer of the write in progress, int32, 0 when none</description></item>
/// <item><term>byte 32 of the file</term><description>its exclusive open-file-description lock is the write lock</description></item>
/// <item><term>byte 33 of the file</term><description>its shared/exclusive open-file-description lock is the reader/writer lock</description></item>
/// </list>
/// Only the holder of the write lock changes the version and the sequence, so peers without atomic
/// instructions (Python) can take part with plain aligned stores.
/// </remarks>
internal static unsafe class SyncBlock
{
    public const int Alignment = 64;
    public const int Length = 64;
    public const uint CurrentLayoutVersion = 1;

    public const int LayoutVersionOffset = 4;
    public const int VersionOffset = 8;
    public const int SequenceOffset = 16;
    public const int LockChangesOffset = 20;
    public const int WriterPidOffset = 24;
    public const int WriteLockByte = 32;
    public const int ReadWriteLockByte = 33;

    public static ReadOnlySpan<byte> Magic => "STSY"u8;

    /// <summary>Stamps the identity of a sync block into zeroed memory; every counter starts at zero.</summary>
    public static void Initialize(byte* block)
    {
        Magic.CopyTo(new Span<byte>(block, Magic.Length));
        *(uint*)(block + LayoutVersionOffset) = CurrentLayoutVersion;
    }

    /// <summary>
    /// The sync block of a mapped segment, or <c>null</c> when it has none (made by cdxcore or numpy,
    /// whose segments end with the data or with page padding that lacks the magic).
    /// </summary>
    public static byte* Find(NativeSegment native, SegmentLayout layout, out uint layoutVersion)
    {
        layoutVersion = 0;
        if (native.Length < layout.SyncBlockOffset + Length)
        {
            return null;
        }
        var block = native.Address + layout.SyncBlockOffset;
        if (!new ReadOnlySpan<byte>(block, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }
        layoutVersion = Volatile.Read(ref *(uint*)(block + LayoutVersionOffset));
        return block;
    }
}
