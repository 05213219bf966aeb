namespace SharedTyped;

/// <summary>
/// The 128 bytes SharedTyped writes after the data of every segment it creates (at
/// <see cref="SegmentLayout.SyncBlockOffset"/>), which cdxcore and numpy ignore. Fields are in native
/// byte order, like the data, because processes operate on them atomically. python/sharedtyped.py
/// reads and writes the same offsets; docs/guarantees.md states the protocol.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>[0, 4)</term><description>magic, the ASCII bytes <c>STSY</c></description></item>
/// <item><term>[4, 8)</term><description>layout version, uint32 (2)</description></item>
/// <item><term>[8, 16)</term><description>published version, int64, 0 after creation</description></item>
/// <item><term>[16, 20)</term><description>sequence, uint32 futex word: odd while a write is in progress; every publish changes it</description></item>
/// <item><term>[20, 24)</term><description>lock changes, uint32 futex word bumped after a lock release that someone may wait for</description></item>
/// <item><term>[24, 28)</term><description>pid of the writer of the write in progress, int32, 0 when none</description></item>
/// <item><term>[28, 32)</term><description>write-lock waiters, uint32: how many wait for the write lock; a writer bumps and wakes the lock-changes word on release only when this is not 0</description></item>
/// <item><term>[32, 36)</term><description>word-lock kind, uint32: 1 for a glibc <c>pthread_mutex_t</c>, robust and process-shared, at [64, 128)</description></item>
/// <item><term>[64, 128)</term><description>the word lock, held only while the version, the sequence and the writer pid change</description></item>
/// <item><term>byte 32 of the file</term><description>its exclusive open-file-description lock is the write lock</description></item>
/// <item><term>byte 33 of the file</term><description>its shared/exclusive open-file-description lock is the reader/writer lock</description></item>
/// </list>
/// Every change of the version, the sequence and the writer pid happens under the word lock, so peers
/// without atomic instructions (Python) take part with plain aligned stores; uncontended, taking and
/// releasing it is two atomic instructions and no system call, and the kernel hands it on when its
/// holder dies (a robust mutex). The waiter count is changed with atomic adds by everyone (Python
/// through FUTEX_WAKE_OP, which adds in the kernel).
/// </remarks>
internal static unsafe class SyncBlock
{
    public const int Alignment = 64;
    public const int Length = 128;
    public const uint CurrentLayoutVersion = 2;

    public const int LayoutVersionOffset = 4;
    public const int VersionOffset = 8;
    public const int SequenceOffset = 16;
    public const int LockChangesOffset = 20;
    public const int WriterPidOffset = 24;
    public const int WriteLockWaitersOffset = 28;
    public const int WordLockKindOffset = 32;
    public const int WordLockOffset = 64;
    public const int WordLockLength = 64;
    public const int WriteLockByte = 32;
    public const int ReadWriteLockByte = 33;

    public static ReadOnlySpan<byte> Magic => "STSY"u8;

    /// <summary>Stamps the identity of a sync block into zeroed memory and makes its word lock; every counter starts at zero.</summary>
    public static void Initialize(byte* block)
    {
        Magic.CopyTo(new Span<byte>(block, Magic.Length));
        *(uint*)(block + LayoutVersionOffset) = CurrentLayoutVersion;
        *(uint*)(block + WordLockKindOffset) = SegmentSync.Current.InitializeWordLock(block + WordLockOffset);
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
