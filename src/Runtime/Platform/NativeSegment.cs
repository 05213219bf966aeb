using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>Tells two segments apart even when one replaced the other under the same name.</summary>
internal readonly record struct SegmentIdentity(string Location, ulong Device, ulong Inode);

/// <summary>
/// An open, mapped segment as the operating system gives it. Releasing the handle unmaps and closes;
/// it runs from the finalizer too, so a segment that was never disposed does not stay mapped.
/// </summary>
internal abstract unsafe class NativeSegment : SafeHandle
{
    protected NativeSegment() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Where the mapping starts.</summary>
    public byte* Address => (byte*)handle;

    /// <summary>Bytes mapped: the segment's whole length.</summary>
    public long Length { get; protected set; }

    public bool Writable { get; protected set; }

    public SegmentIdentity Identity { get; protected set; }

    /// <summary>The owning user id, or -1 where the platform has none.</summary>
    public long OwnerId { get; protected set; } = -1;

    /// <summary>The permission bits, or -1 where the platform has none.</summary>
    public int Mode { get; protected set; } = -1;

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

    /// <summary>Called before <see cref="CopyFromFile"/> fills a new segment; the default leaves the pages to the copy.</summary>
    public virtual void PrepareForCopy() { }

    /// <summary>Whether this process's mapping is backed by huge pages; false where the platform has none.</summary>
    public virtual bool UsesHugePages => false;

    /// <summary>
    /// Counts this process among the holders of a <see cref="SegmentLifetime.LastProcessOut"/> segment;
    /// false when the segment lost its name before the lock was granted (this process then holds nothing).
    /// Only a segment that passed every check joins: closing a joined segment may unlink it.
    /// </summary>
    public virtual bool JoinLastProcessOut() => true;

    /// <summary>
    /// Stops counting this process among the holders while the mapping stays: if no other holder is
    /// left anywhere, removes the name (if it still names this segment). Whether it removed it.
    /// </summary>
    public virtual bool LeaveLastProcessOut() => false;

    /// <summary>Removes the name if it still names this very segment; whether the name is free now.</summary>
    public virtual bool UnlinkIfStillNamed() => false;

    /// <summary>Arrays on this segment with <see cref="SegmentLifetime.DeleteOnDispose"/> that have not been disposed.</summary>
    private int _undisposedDeletes;

    /// <summary>A <see cref="SegmentLifetime.DeleteOnDispose"/> array now uses this segment.</summary>
    public void ExpectDelete() => Interlocked.Increment(ref _undisposedDeletes);

    /// <summary>A <see cref="SegmentLifetime.DeleteOnDispose"/> array was disposed (and did its own unlink).</summary>
    public void DeleteDone() => Interlocked.Decrement(ref _undisposedDeletes);

    /// <summary>
    /// Called first by <see cref="SafeHandle.ReleaseHandle"/>: a <see cref="SegmentLifetime.DeleteOnDispose"/>
    /// array that was collected instead of disposed still removes the name, as cdxcore's <c>unlink=True</c>
    /// does when its array is garbage collected.
    /// </summary>
    protected void UnlinkForCollectedArrays()
    {
        if (Volatile.Read(ref _undisposedDeletes) > 0)
        {
            UnlinkIfStillNamed();
        }
    }
}
