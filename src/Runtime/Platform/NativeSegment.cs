using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>A segment's inode as the kernel's lock table names it: device major and minor, inode number.</summary>
internal readonly record struct SegmentInode(uint Major, uint Minor, ulong Inode);

/// <summary>Tells two segments apart even when one replaced the other under the same name.</summary>
internal readonly record struct SegmentIdentity(string Location, ulong Device, ulong Inode);

/// <summary>
/// An open segment as the operating system gives it, mapped once <see cref="EnsureMapped"/> has run.
/// Releasing the handle unmaps and closes; it runs from the finalizer too, so a segment that was
/// never disposed does not stay mapped.
/// </summary>
/// <remarks>
/// This is the one owner of the segment's holder state in this process: how many open arrays on it
/// were made with <see cref="SegmentLifetime.LastProcessOut"/> (the process holds the segment's
/// shared lock while there is one) and with <see cref="SegmentLifetime.DeleteOnDispose"/>. Every
/// entry point (create, load, attach, and the release of arrays that were collected instead of
/// disposed) counts through <see cref="Join"/> and <see cref="Leave"/>, so no path can hold without
/// counting or count without holding.
/// </remarks>
internal abstract unsafe class NativeSegment : SafeHandle
{
    private readonly Lock _holderGate = new();
    private int _lastProcessOutArrays;
    private int _deleteOnDisposeArrays;

    protected NativeSegment() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Where the mapping starts.</summary>
    public byte* Address => (byte*)handle;

    /// <summary>Bytes mapped: the segment's whole length when it was mapped.</summary>
    public long Length { get; protected set; }

    /// <summary>The segment's size when it was opened or last looked at, before any mapping.</summary>
    public long Size { get; protected set; }

    public bool Writable { get; protected set; }

    public SegmentIdentity Identity { get; protected set; }

    /// <summary>The owning user id, or -1 where the platform has none.</summary>
    public long OwnerId { get; protected set; } = -1;

    /// <summary>The permission bits, or -1 where the platform has none.</summary>
    public int Mode { get; protected set; } = -1;

    /// <summary>
    /// Whether every page of the segment is backed, so that no access can SIGBUS for want of space;
    /// false for a sparse segment this process could not reserve (see docs/guarantees.md).
    /// </summary>
    public bool IsReserved { get; protected set; } = true;

    /// <summary>Maps the whole segment (<see cref="Size"/> bytes) if the platform opened it unmapped.</summary>
    /// <param name="name">The array's name, for the message of a failure.</param>
    public virtual void EnsureMapped(string name) { }

    /// <summary>Whether the segment's name still names this very segment; true where a name cannot be replaced.</summary>
    public virtual bool IsCurrent() => true;

    /// <summary>Copies <paramref name="count"/> bytes of an open file into the segment; the default reads into the mapping.</summary>
    public virtual void CopyFromFile(SafeFileHandle file, long fileOffset, long segmentOffset, long count, Action<long>? progress)
    {
        const int chunk = 8 << 20;
        long done = 0;
        while (done < count)
        {
            var length = (int)Math.Min(chunk, count - done);
            var read = RandomAccess.Read(file, new Span<byte>(Address + segmentOffset + done, length), fileOffset + done);
            if (read <= 0)
            {
                throw new EndOfStreamException($"the file ended {count - done} bytes early");
            }
            done += read;
            progress?.Invoke(done);
        }
    }

    /// <summary>
    /// Maps every page of the segment into this process now, for a caller about to write them all;
    /// the default does nothing and lets the pages fault in one by one.
    /// </summary>
    public virtual void Prefault() { }

    /// <summary>
    /// Writes the header of a new segment (<see cref="SegmentLayout.WriteSegmentHeader"/>). Where a segment
    /// is visible under its name while it is built (Windows), the header's first word is kept back until
    /// the platform's Publish sets it, so that an attacher finds no header instead of part of one;
    /// elsewhere nothing can see the segment yet and the header is written whole.
    /// </summary>
    public virtual void WriteHeader(SegmentLayout layout) => layout.WriteSegmentHeader(Address);

    /// <summary>Called before <see cref="CopyFromFile"/> fills a new segment; the default leaves the pages to the copy.</summary>
    public virtual void PrepareForCopy() { }

    /// <summary>Bytes of the segment that are on huge pages; 0 where the platform has none.</summary>
    public virtual long HugePageBytes => 0;

    /// <summary>Whether the whole segment is on huge pages (see <see cref="HugePageBytes"/>).</summary>
    public bool UsesHugePages => Length > 0 && HugePageBytes >= Length;

    /// <summary>
    /// Called once a new segment has its content and its name. Where huge pages come after the create
    /// (Linux, <see cref="HugePages.Prefer"/>), this starts moving the segment onto them in the background.
    /// </summary>
    public virtual void Built() { }

    /// <summary>
    /// Waits until this process is no longer moving the segment onto huge pages (see <see cref="Built"/>);
    /// true at once where it never was. False when <paramref name="timeout"/> ran out first.
    /// </summary>
    public virtual bool WaitForHugePages(TimeSpan timeout) => true;

    /// <summary>Gives the background move onto huge pages to <paramref name="successor"/>, another mapping of the same segment that outlives this one.</summary>
    public virtual void HandOnHugePages(NativeSegment successor) { }

    /// <summary>How long a <see cref="Leave"/> from <c>Dispose</c> waits for the directory's name lock before it hands the removal on.</summary>
    internal static readonly TimeSpan DisposePatience = TimeSpan.FromSeconds(2);

    /// <summary>The same from the finalizer thread, which must never block for long: one short try, then the removal is handed on.</summary>
    internal static readonly TimeSpan FinalizerPatience = TimeSpan.FromMilliseconds(20);

    /// <summary>Where a removal that had to be handed on is reported: the logger of the first array that joined with one.</summary>
    protected ILogger? Logger { get; private set; }

    /// <summary>
    /// One more array of <paramref name="lifetime"/> uses this segment. The first
    /// <see cref="SegmentLifetime.LastProcessOut"/> one makes this process a holder; false when the
    /// segment lost its name before this process could join (it then holds nothing).
    /// Only a segment that passed every check joins: leaving a joined segment may unlink it.
    /// </summary>
    /// <param name="lifetime">The array's lifetime.</param>
    /// <param name="name">The array's name, for the message of a timeout.</param>
    /// <param name="lockTimeout">How long to wait for the holders' lock while another process holds it exclusively.</param>
    /// <param name="logger">Where a removal that had to be handed on is reported.</param>
    /// <exception cref="TimeoutException">Another process kept the segment's exclusive lock for longer than <paramref name="lockTimeout"/>.</exception>
    public bool Join(SegmentLifetime lifetime, string name, TimeSpan lockTimeout, ILogger? logger)
    {
        if (lifetime == SegmentLifetime.Persistent)
        {
            // Counted nowhere: nothing to lock.
            return true;
        }
        lock (_holderGate)
        {
            Logger ??= logger;
            switch (lifetime)
            {
                case SegmentLifetime.LastProcessOut:
                    if (_lastProcessOutArrays == 0 && !LockShared(name, lockTimeout))
                    {
                        return false;
                    }
                    _lastProcessOutArrays++;
                    return true;
                case SegmentLifetime.DeleteOnDispose:
                    if (_deleteOnDisposeArrays++ == 0)
                    {
                        DeleteOnDisposeHeld(true);
                    }
                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>
    /// One array of <paramref name="lifetime"/> is done. A <see cref="SegmentLifetime.DeleteOnDispose"/>
    /// array removes the name; the last <see cref="SegmentLifetime.LastProcessOut"/> array ends this
    /// process's hold, and removes the name if no other holder is left anywhere — even while arrays of
    /// other lifetimes still map the segment. Whether the name was removed. Never throws for a name it
    /// could not remove (another process kept the directory locked): that removal is handed on to
    /// <c>PendingRemovals</c> and reported through the logger.
    /// </summary>
    public bool Leave(SegmentLifetime lifetime)
    {
        if (lifetime == SegmentLifetime.Persistent)
        {
            return false;
        }
        lock (_holderGate)
        {
            switch (lifetime)
            {
                case SegmentLifetime.LastProcessOut:
                    return _lastProcessOutArrays > 0 && --_lastProcessOutArrays == 0 && UnlockShared(DisposePatience);
                case SegmentLifetime.DeleteOnDispose:
                    if (--_deleteOnDisposeArrays == 0)
                    {
                        DeleteOnDisposeHeld(false);
                    }
                    return UnlinkIfStillNamed(DisposePatience);
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The one release of a segment on every platform, from <c>Dispose</c> or the finalizer: arrays that were
    /// collected instead of disposed leave first, then the mapping goes, then what it was made from.
    /// </summary>
    protected sealed override bool ReleaseHandle()
    {
        LeaveForCollectedArrays();
        Unmap();
        CloseSource();
        return true;
    }

    /// <summary>A segment that failed before it was mapped has no handle for <see cref="ReleaseHandle"/>; what it was opened from still needs closing.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (IsInvalid)
        {
            CloseSource();
        }
    }

    /// <summary>Unmaps the <see cref="Length"/> bytes at <see cref="Address"/>.</summary>
    protected abstract void Unmap();

    /// <summary>Closes the descriptor or mapping handle the segment was opened from; does nothing the second time.</summary>
    protected abstract void CloseSource();

    /// <summary>
    /// Called first by <see cref="ReleaseHandle"/>: arrays that were collected instead of
    /// disposed still leave, so a never-disposed <see cref="SegmentLifetime.LastProcessOut"/> array
    /// still counts out and a <see cref="SegmentLifetime.DeleteOnDispose"/> one still removes the name,
    /// as cdxcore's <c>unlink=True</c> does when its array is garbage collected.
    /// </summary>
    private void LeaveForCollectedArrays()
    {
        lock (_holderGate)
        {
            // On the finalizer thread: a removal that cannot be done at once is handed on, never waited for or thrown.
            if (_lastProcessOutArrays > 0)
            {
                _lastProcessOutArrays = 0;
                UnlockShared(FinalizerPatience);
            }
            if (_deleteOnDisposeArrays > 0)
            {
                _deleteOnDisposeArrays = 0;
                DeleteOnDisposeHeld(false);
                UnlinkIfStillNamed(FinalizerPatience);
            }
        }
    }

    /// <summary>Takes the shared lock that counts this process among the holders; false when the segment lost its name meanwhile.</summary>
    /// <exception cref="TimeoutException">Another process kept the segment's exclusive lock for longer than <paramref name="timeout"/>.</exception>
    protected virtual bool LockShared(string name, TimeSpan timeout) => true;

    /// <summary>
    /// Drops the shared lock; if no other holder is left anywhere, removes the name (if it still names this segment),
    /// waiting at most <paramref name="patience"/> for the directory's name lock. Whether it removed it.
    /// </summary>
    protected virtual bool UnlockShared(TimeSpan patience) => false;

    /// <summary>
    /// Removes the name if it still names this very segment, atomically against every other SharedTyped process,
    /// waiting at most <paramref name="patience"/> for the directory's name lock; whether it removed it.
    /// </summary>
    public virtual bool UnlinkIfStillNamed(TimeSpan patience) => false;

    /// <summary>Whether this process has <see cref="SegmentLifetime.DeleteOnDispose"/> arrays on the segment: their name goes at process exit too.</summary>
    protected virtual void DeleteOnDisposeHeld(bool held) { }
}
