using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// Makes "remove the name if it still names this inode" atomic. Linux has no unlink-if-inode call,
/// so every SharedTyped process changes a name in a shared-memory directory only while it holds an
/// exclusive <c>flock</c> on the directory itself: removing a segment it owns (DeleteOnDispose, the
/// last holder out, the LastProcessOut watcher, the clean-up of an orphan), <c>Delete</c>, and the
/// unlink-and-link of a <c>Force</c> create. The check and the unlink then happen with no other
/// SharedTyped process able to replace the name in between. A plain create needs no lock: its
/// <c>link</c> succeeds only where there is no name, and only a lock holder removes one. The lock is
/// held for microseconds (a create over an orphan whose killed holders' locks the kernel is still releasing
/// holds it until they are released, at most <see cref="DeadHolderRelease"/>); attaching never takes it. See docs/guarantees.md for what it does not cover
/// (processes that are not SharedTyped's).
/// </summary>
internal static unsafe class NameLock
{
    /// <summary>What a removal that may not wait for ever came to.</summary>
    public enum Removal
    {
        /// <summary>The name named the segment and is gone.</summary>
        Removed,

        /// <summary>The name was gone already, or names another segment now: nothing of ours to remove.</summary>
        NotNamed,

        /// <summary>Another process kept the directory locked; nothing was changed.</summary>
        Busy,
    }

    /// <summary>How long a change waits for another process's hold on the directory before it gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Holds the lock until disposed.</summary>
    public readonly struct Scope(int fd) : IDisposable
    {
        public void Dispose()
        {
            if (fd >= 0)
            {
                // Closing the only descriptor of this open file description releases its flock.
                Libc.Close(fd);
            }
        }
    }

    /// <summary>
    /// Takes the lock of <paramref name="directory"/>. A directory that cannot be opened holds no
    /// name to protect (it was removed, or this process may not read it), so that is no lock, not an error.
    /// </summary>
    /// <exception cref="IOException">Another process kept the directory locked for longer than the patience.</exception>
    public static Scope Take(string directory) =>
        TryTake(directory, Patience, out var held)
            ? held
            : throw new IOException(
                $"The shared-memory directory '{directory}' stayed locked by another process for {Patience.TotalSeconds:F0} s; no name in it was changed.");

    /// <summary>
    /// Takes the lock of <paramref name="directory"/> if it can within <paramref name="patience"/>; false when another
    /// process kept it that long. The paths that must not throw or block for long (dispose, the finalizer, process
    /// exit) take it this way and hand a removal they could not do on to <see cref="PendingRemovals"/>.
    /// </summary>
    public static bool TryTake(string directory, TimeSpan patience, out Scope held)
    {
        held = new Scope(-1);
        var fd = Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return true;
        }
        long deadline = 0;
        var pause = 1;
        while (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            var errno = Libc.Errno;
            if (errno is not (Libc.EAGAIN or Libc.EINTR))
            {
                Libc.Close(fd);
                return true;
            }
            // Held by another process for microseconds; poll rather than block so that a process
            // that holds it for ever (a hostile user) makes this give up instead of hang.
            var now = Environment.TickCount64;
            if (deadline == 0)
            {
                deadline = now + (long)patience.TotalMilliseconds;
            }
            if (now >= deadline)
            {
                Libc.Close(fd);
                return false;
            }
            Thread.Sleep(pause);
            pause = Math.Min(pause * 2, 16);
        }
        held = new Scope(fd);
        return true;
    }

    /// <summary>
    /// Removes <paramref name="path"/> if it names the inode <paramref name="device"/>/<paramref name="inode"/>, taking
    /// the lock within <paramref name="patience"/>: whether it removed it, found the name gone or another segment's,
    /// or could not take the lock.
    /// </summary>
    public static Removal TryRemoveIfNamed(string directory, string path, ulong device, ulong inode, TimeSpan patience)
    {
        if (!TryTake(directory, patience, out var held))
        {
            return Removal.Busy;
        }
        using (held)
        {
            return RemoveIfNamedLocked(path, device, inode) ? Removal.Removed : Removal.NotNamed;
        }
    }

    /// <summary>
    /// Removes <paramref name="path"/> if it names the inode <paramref name="device"/>/<paramref name="inode"/> and no
    /// process holds the segment (an exclusive <c>flock</c> on it is granted at once); the caller holds the directory
    /// lock. The removal a LastProcessOut holder could not do at its close, done later: by then another process may
    /// have joined, and a held segment is not ours to remove.
    /// </summary>
    public static bool RemoveIfUnheldLocked(string path, ulong device, ulong inode)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            Libc.StatxBuffer status;
            return Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) == 0
                && status.Inode == inode && status.Device == device
                && Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0
                && RemoveIfNamedLocked(path, device, inode);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>The same, for a caller that holds the lock.</summary>
    public static bool RemoveIfNamedLocked(string path, ulong device, ulong inode)
    {
        Libc.StatxBuffer status;
        if (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) != 0
            || status.Inode != inode || status.Device != device)
        {
            // Gone, or the name now belongs to a newer segment: not ours to remove.
            return false;
        }
        return Remove(path) == 0;
    }

    /// <summary>
    /// The one way a SharedTyped process removes a name (every removal above, <c>Delete</c> and the
    /// unlink of a <c>Force</c> create come here, under the directory lock): the segment is opened,
    /// unlinked, and then marked retired in its sync block, which wakes its waiters in every process
    /// (docs/format.md, "Retiring"). After the unlink, so that a woken waiter that attaches the name
    /// again never finds the old segment still there. unlink(2)'s result: 0, or -1 with errno set.
    /// </summary>
    public static int Remove(string path)
    {
        var removal = Unlink(path, out var result);
        var errno = Libc.Errno;
        removal.Dispose();
        Marshal.SetLastPInvokeError(errno);
        return result;
    }

    /// <summary>
    /// <see cref="Remove"/> in two steps, for a caller that puts a new segment under the name before
    /// the old one's waiters wake (a <c>Force</c> create): unlinks now, retires when the result is
    /// disposed. <paramref name="result"/> is unlink(2)'s, errno set as it left it.
    /// </summary>
    public static RetireLater Unlink(string path, out int result)
    {
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0);
        result = Libc.Unlink(path);
        var errno = Libc.Errno;
        if (result != 0 && fd >= 0)
        {
            Libc.Close(fd);
            fd = -1;
        }
        Marshal.SetLastPInvokeError(errno);
        return new RetireLater(fd, path);
    }

    /// <summary>A name removed whose segment is still to be retired: disposing retires it and closes its descriptor.</summary>
    public sealed class RetireLater(int fd, string path) : IDisposable
    {
        private int _fd = fd;

        public void Dispose()
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                RetireSegment(fd, path);
                Libc.Close(fd);
            }
        }
    }

    /// <summary>
    /// Maps the segment open at <paramref name="fd"/> and retires its sync block, if it has one this
    /// SharedTyped knows. Anything else (not a regular file, a header that does not parse, another
    /// layout, no permission to write) has no waiters of this protocol to wake, and is left alone.
    /// </summary>
    private static void RetireSegment(int fd, string path)
    {
        Libc.StatxBuffer status;
        if (Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) != 0 || !status.IsRegularFile
            || status.Size < 8 || (ulong)status.Size > nuint.MaxValue)
        {
            return;
        }
        var address = Libc.Mmap(0, (nuint)status.Size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        if (address == -1)
        {
            return;
        }
        try
        {
            var segment = (byte*)address;
            SegmentLayout layout;
            try
            {
                var headerBytes = (int)Math.Min(status.Size, SegmentLayout.MaxHeaderBytes);
                layout = SegmentLayout.Parse(new ReadOnlySpan<byte>(segment, headerBytes), (long)status.Size, HeaderSubject.Segment(Path.GetFileName(path)), isFile: false);
            }
            catch (Exception e) when (e is FormatException or OverflowException or InvalidDataException)
            {
                return;
            }
            if (layout.SyncBlockOffset + SyncBlock.Length <= (long)status.Size)
            {
                var block = segment + layout.SyncBlockOffset;
                if (new ReadOnlySpan<byte>(block, SyncBlock.Magic.Length).SequenceEqual(SyncBlock.Magic)
                    && Volatile.Read(ref *(uint*)(block + SyncBlock.LayoutVersionOffset)) == SyncBlock.CurrentLayoutVersion)
                {
                    SyncRegion.Retire(block);
                }
            }
        }
        finally
        {
            Libc.Munmap(address, (nuint)status.Size);
        }
    }

    /// <summary>
    /// Removes the <see cref="SegmentLifetime.LastProcessOut"/> segment at <paramref name="path"/> if
    /// it has no holder left: every holder died and so did its watcher, which would otherwise have
    /// removed it. A segment of that lifetime carries <see cref="Libc.S_ISVTX"/> and always has a holder
    /// while any lives (its creator locks before it publishes), so an exclusive lock granted at once
    /// means nobody holds it. The caller holds the directory lock. Whether it removed the name.
    /// </summary>
    public static bool ReapIfOrphanLocked(string path)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            Libc.StatxBuffer status;
            return Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) == 0
                && LockIfOrphan(fd, status)
                && RemoveIfNamedLocked(path, status.Device, status.Inode);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Whether the descriptor's segment is a LastProcessOut segment that nobody holds. When it is, the
    /// descriptor keeps the exclusive lock until it is closed, so that an attacher arriving meanwhile
    /// waits and then finds the name gone instead of joining a segment that is being removed. Only
    /// this user's segments are taken for orphans: another user's is not ours to remove, root included.
    /// </summary>
    public static bool LockIfOrphan(int fd, in Libc.StatxBuffer status) =>
        IsMarked(status) && status.Uid == EffectiveUser && LockOnceDeadHoldersLetGo(fd, status.DevMajor, status.DevMinor, status.Inode);

    /// <summary>How long an orphan check waits for the kernel to release the locks of holders that have died.</summary>
    internal static readonly TimeSpan DeadHolderRelease = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Takes the exclusive lock if nobody holds the segment. A killed holder's shared lock goes with the last
    /// reference to its open file description, and its mapping is one: when another task is reading the
    /// holder's <c>/proc/PID</c> entries (<c>ps</c>, a watcher count) as it dies, that task holds its memory
    /// map, and so the lock, a little after the holder has been reaped. So a refusal is final only when a
    /// process that still runs holds a lock on the inode; while every lock is a dead process's, the kernel is
    /// still letting go of it, and the lock is tried again, for at most <see cref="DeadHolderRelease"/>. The
    /// lock is taken only when the kernel grants it: a description a dead holder's child inherited still
    /// holds the segment, and then the lock is never granted and the answer is "held".
    /// </summary>
    private static bool LockOnceDeadHoldersLetGo(int fd, uint major, uint minor, ulong inode)
    {
        var deadline = Environment.TickCount64 + (long)DeadHolderRelease.TotalMilliseconds;
        while (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            var granted = ProcLocks.On(major, minor, inode).Where(l => !l.Waiting).ToList();
            if (granted.Count == 0)
            {
                // Released between the two looks, or /proc/locks cannot be read: one more try decides.
                return Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0;
            }
            if (granted.Any(l => l.Pid <= 0 || ProcLocks.IsRunning(l.Pid)) || Environment.TickCount64 >= deadline)
            {
                return false;
            }
            Thread.Sleep(1);
        }
        return true;
    }

    private static readonly uint EffectiveUser = Libc.GetEuid();

    private static bool IsMarked(in Libc.StatxBuffer status) => status.IsRegularFile && (status.Mode & Libc.S_ISVTX) != 0;
}
