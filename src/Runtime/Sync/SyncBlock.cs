namespace SharedTyped;

/// <summary>
/// The 128 bytes SharedTyped writes after the data of every segment it creates (at
/// <see cref="SegmentLayout.SyncBlockOffset"/>), which cdxcore and numpy ignore. Fields are in native
/// byte order, like the data, because processes operate on them atomically. docs/format.md ("The sync
/// block") specifies every byte and every transition; python/sharedtyped.py implements the same, and
/// a test compares its constants with these.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>[0, 4)</term><description>magic, the ASCII bytes <c>STSY</c></description></item>
/// <item><term>[4, 8)</term><description>layout version, uint32 (3)</description></item>
/// <item><term>[8, 16)</term><description>published version, int64, 0 after creation, never above <see cref="long.MaxValue"/> and never negative</description></item>
/// <item><term>[16, 20)</term><description>sequence, uint32 futex word: odd while a write is in progress; every publish and the retiring change it</description></item>
/// <item><term>[20, 24)</term><description>lock changes, uint32 futex word bumped after a lock release that someone may wait for</description></item>
/// <item><term>[24, 28)</term><description>pid of the writer of the write in progress, int32, 0 when none</description></item>
/// <item><term>[28, 32)</term><description>write-lock waiters, uint32: how many wait for the write lock</description></item>
/// <item><term>[32, 36)</term><description>the word lock, uint32 futex word: 0 free, else the holder's pid, plus <see cref="WordLockSleepers"/> when someone may sleep on it (src/Runtime/Sync/WordLock.cs)</description></item>
/// <item><term>[36, 40)</term><description>state flags, uint32: <see cref="RetiredFlag"/> once the name no longer names this segment</description></item>
/// <item><term>[40, 48)</term><description>segment nonce, uint64: random and non-zero, written at creation and never changed; 0 in segments made before it existed (part of <see cref="SegmentIds"/>)</description></item>
/// <item><term>[48, 128)</term><description>zero, reserved</description></item>
/// <item><term>byte 32 of the file</term><description>its exclusive open-file-description lock is the write lock</description></item>
/// <item><term>byte 33 of the file</term><description>its shared/exclusive open-file-description lock is the reader/writer lock</description></item>
/// </list>
/// </remarks>
internal static unsafe class SyncBlock
{
    public const int Alignment = 64;
    public const int Length = 128;
    public const uint CurrentLayoutVersion = 3;

    public const int LayoutVersionOffset = 4;
    public const int VersionOffset = 8;
    public const int SequenceOffset = 16;
    public const int LockChangesOffset = 20;
    public const int WriterPidOffset = 24;
    public const int WriteLockWaitersOffset = 28;
    public const int WordLockOffset = 32;
    public const int StateOffset = 36;
    public const int NonceOffset = 40;
    public const int WriteLockByte = 32;
    public const int ReadWriteLockByte = 33;

    /// <summary>The word lock's bit that says a taker may be asleep on it, so its release must wake.</summary>
    public const uint WordLockSleepers = 0x8000_0000;

    /// <summary>The largest owner id (process id) a word lock can hold: every bit but <see cref="WordLockSleepers"/>.</summary>
    public const int MaxOwnerId = 0x7FFF_FFFF;

    /// <summary>The state bit set when the segment was removed or replaced under its name.</summary>
    public const uint RetiredFlag = 1;

    public static ReadOnlySpan<byte> Magic => "STSY"u8;

    /// <summary>
    /// Stamps the identity of a sync block into zeroed memory: magic, layout and a fresh random nonce; every
    /// other word starts at zero (the word lock free).
    /// </summary>
    public static void Initialize(byte* block)
    {
        Magic.CopyTo(new Span<byte>(block, Magic.Length));
        *(uint*)(block + LayoutVersionOffset) = CurrentLayoutVersion;
        *(ulong*)(block + NonceOffset) = NewNonce();
    }

    /// <summary>The nonce a segment was created with; 0 for one made before segments had one.</summary>
    public static ulong Nonce(byte* block) => Volatile.Read(ref *(ulong*)(block + NonceOffset));

    private static ulong NewNonce()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        ulong nonce;
        do
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
            nonce = BitConverter.ToUInt64(bytes);
        }
        while (nonce == 0);
        return nonce;
    }

    /// <summary>
    /// The sync block of a mapped segment, or <c>null</c> when it has none (made by cdxcore or numpy,
    /// whose segments end with the data or with page padding that lacks the magic).
    /// </summary>
    public static byte* Find(NativeSegment native, SegmentLayout layout, out uint layoutVersion)
    {
        layoutVersion = 0;
        if (native.Length < layout.SyncBlockOffset + LayoutVersionOffset + sizeof(uint))
        {
            return null;
        }
        var block = native.Address + layout.SyncBlockOffset;
        if (!new ReadOnlySpan<byte>(block, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }
        layoutVersion = Volatile.Read(ref *(uint*)(block + LayoutVersionOffset));
        // Another layout version is reported as such; this one must be whole to be used.
        return layoutVersion == CurrentLayoutVersion && native.Length < layout.SyncBlockOffset + Length ? null : block;
    }
}
