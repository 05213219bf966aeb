using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>A file descriptor on a tmpfs segment and its mapping; the descriptor stays open for the flock of <see cref="SegmentLifetime.LastProcessOut"/>.</summary>
internal sealed unsafe class LinuxSegment : NativeSegment
{
    private int _fd;
    private string? _temporaryPath;
    private string? _path;

    public LinuxSegment(int fd, string directory, string? temporaryPath, bool writable)
    {
        _fd = fd;
        Directory = directory;
        _temporaryPath = temporaryPath;
        Writable = writable;
    }

    public string Directory { get; }

    /// <summary>The segment's inode as <c>/proc/locks</c> names it.</summary>
    public SegmentInode Inode { get; private set; }

    /// <summary>Set when this process left the holders of a LastProcessOut segment: its dispose may have a watcher to wait for.</summary>
    private int _leftHolders;

    /// <summary>The open descriptor of the segment, for the open-file-description locks of <see cref="LinuxSegmentSync"/> and the reservation of a new segment.</summary>
    public int Descriptor => _fd;

    /// <summary>Bytes the file system has allocated to the segment when it was last looked at: fewer than <see cref="NativeSegment.Size"/> means sparse.</summary>
    private long _allocatedBytes;

    /// <summary>Reads size, allocated blocks, owner, mode and identity from the descriptor: one <c>statx</c> that tells an attach all it checks.</summary>
    public Libc.StatxBuffer Describe()
    {
        Libc.StatxBuffer status;
        if (Libc.Statx(_fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            throw new IOException($"Cannot inspect shared-memory segment{(_path is null ? "" : $" '{_path}'")}: {Libc.Describe(Libc.Errno)}.");
        }
        OwnerId = status.Uid;
        // The permission bits only: S_ISVTX marks a LastProcessOut segment and is no permission.
        Mode = status.Mode & 0x1FF;
        Size = (long)status.Size;
        _allocatedBytes = (long)status.Blocks * 512;
        Identity = new SegmentIdentity(Directory, status.Device, status.Inode);
        Inode = new SegmentInode(status.DevMajor, status.DevMinor, status.Inode);
        return status;
    }

    /// <exception cref="SharedArrayOutOfSpaceException">The kernel refused the mapping for want of memory or address space.</exception>
    public void Map(string name, long length, bool writable)
    {
        var protection = writable ? Libc.PROT_READ | Libc.PROT_WRITE : Libc.PROT_READ;
        var address = Libc.Mmap(0, (nuint)length, protection, Libc.MAP_SHARED, _fd, 0);
        if (address == -1)
        {
            var errno = Libc.Errno;
            if (errno == Libc.ENOMEM)
            {
                throw new SharedArrayOutOfSpaceException(
                    $"Shared array '{name}' ('{_path ?? Directory}') is {length} bytes, and this process cannot map that much: " +
                    "the kernel refused the mapping for want of address space or memory (mmap: ENOMEM; see ulimit -v and vm.max_map_count).",
                    length, -1);
            }
            throw new IOException($"Shared array '{name}': cannot map {length} bytes of shared memory{(_path is null ? "" : $" '{_path}'")}: {Libc.Describe(errno)}.");
        }
        Length = length;
        Writable = writable;
        SetHandle(address);
    }

    /// <summary>Maps the whole segment as opened, then reserves it if a peer made it sparse (see <see cref="Reserve"/>).</summary>
    public override void EnsureMapped(string name)
    {
        if (!IsInvalid)
        {
            return;
        }
        Map(name, Size, Writable);
        Reserve(name);
    }

    /// <summary>
    /// numpy and cdxcore size a segment with <c>ftruncate</c>, so its pages are allocated on first
    /// touch, and a touch that finds <c>/dev/shm</c> full is SIGBUS, for a reader too. A segment with
    /// fewer blocks than bytes is reserved here, through a writable descriptor (this one, or the same
    /// inode reopened for writing when the attach is read-only), so a full file system is an exception
    /// now. Where this process may not write the file it stays unreserved: <see cref="NativeSegment.IsReserved"/> says so.
    /// The blocks are those <see cref="Describe"/> read at open, beside the size that was mapped: blocks
    /// are only ever added meanwhile, so a segment found whole then is whole now, and one found sparse
    /// is reserved for exactly the bytes this process maps (the reservation of pages a peer has already
    /// allocated since is a no-op).
    /// </summary>
    /// <exception cref="SharedArrayOutOfSpaceException">The file system cannot back the whole segment.</exception>
    private void Reserve(string name)
    {
        if (_allocatedBytes >= Size)
        {
            IsReserved = true;
            return;
        }
        var fd = Writable ? _fd : Libc.Open($"/proc/self/fd/{_fd}", Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            IsReserved = false;
            return;
        }
        try
        {
            int result;
            while ((result = Libc.Fallocate(fd, 0, 0, Size)) != 0 && Libc.Errno == Libc.EINTR)
            {
            }
            if (result == 0)
            {
                IsReserved = true;
                return;
            }
            var errno = Libc.Errno;
            if (errno is Libc.ENOSPC or Libc.EDQUOT or Libc.ENOMEM)
            {
                throw LinuxSharedMemory.OutOfSpace(name, Directory, Size,
                    "it was made sparse by another process (numpy sizes segments with ftruncate) and this attach reserves its pages, " +
                    "so that a full file system is this exception rather than a SIGBUS on a later access" + (errno == Libc.ENOSPC ? "" : $"; {Libc.Describe(errno)}"));
            }
            IsReserved = false;
        }
        finally
        {
            if (fd != _fd)
            {
                Libc.Close(fd);
            }
        }
    }

    /// <summary>
    /// One kernel pass over the page tables instead of a trap per 4 KiB page: on a virtual machine a
    /// fault costs microseconds, which made a filled 1 GiB create several times slower than the fill.
    /// Kernels before 5.14 lack MADV_POPULATE_WRITE; there the pages fault in as they are written.
    /// </summary>
    public override void Prefault() => Libc.Madvise(handle, (nuint)Length, Libc.MADV_POPULATE_WRITE);

    /// <summary>Set when the segment was reserved on huge pages.</summary>
    public bool OnHugePages { get; set; }

    /// <summary>
    /// A copy through the kernel into reserved 4 KiB pages needs no faults, but into huge pages that
    /// were reserved and never touched it is many times slower than populating them first (measured:
    /// seconds instead of a few hundred milliseconds for 1 GiB), so huge pages are populated first.
    /// </summary>
    public override void PrepareForCopy()
    {
        if (OnHugePages)
        {
            Prefault();
        }
    }

    /// <summary>The huge-page size to collapse the segment into once it is built (<see cref="HugePages.Prefer"/>), or 0.</summary>
    private long _collapsePageBytes;

    /// <summary>This process's background move of the segment onto huge pages, once started; see <see cref="HugePageCollapse"/>.</summary>
    private HugePageCollapse.Job? _collapse;

    /// <summary>The segment was reserved in small pages, to be collapsed into huge pages of <paramref name="pageBytes"/> once built.</summary>
    public void CollapseWhenBuilt(long pageBytes) => _collapsePageBytes = pageBytes;

    public override void Built()
    {
        if (_collapsePageBytes > 0 && _collapse is null && !IsClosed)
        {
            _collapse = HugePageCollapse.Start(_fd, Length, _collapsePageBytes);
        }
    }

    public override bool WaitForHugePages(TimeSpan timeout) => Volatile.Read(ref _collapse)?.Wait(timeout) ?? true;

    public override void HandOnHugePages(NativeSegment successor)
    {
        if (successor is LinuxSegment linux && linux != this && Interlocked.Exchange(ref _collapse, null) is { } job)
        {
            // Set before this mapping goes, so the job is never without an owner to stop it.
            Interlocked.CompareExchange(ref linux._collapse, job, null);
        }
    }

    /// <summary>Marks the mapping <c>MADV_HUGEPAGE</c>; false when the kernel has no transparent huge pages.</summary>
    public bool AdviseHugePages() => Libc.Madvise(handle, (nuint)Length, Libc.MADV_HUGEPAGE) == 0;

    /// <summary>Faults [<paramref name="offset"/>, + <paramref name="length"/>) of the mapping in for writing; 0, or the error number.</summary>
    public int Populate(long offset, long length) => Libc.Madvise(handle + (nint)offset, (nuint)length, Libc.MADV_POPULATE_WRITE) == 0 ? 0 : Libc.Errno;

    /// <summary>Reads the first byte, so that the first page is mapped and smaps can say what backs it.</summary>
    public void TouchFirstPage() => _ = Volatile.Read(ref *(byte*)handle);

    /// <summary>
    /// Bytes of the segment on huge pages, from smaps. smaps counts only what this process has mapped,
    /// so the segment's pages are mapped in first (<c>MADV_POPULATE_READ</c>: it allocates nothing in a
    /// reserved segment, and a page reserved but never touched is zeroed now instead of at its first
    /// use). A segment on a mount without huge pages is answered from the mount, without mapping anything;
    /// an unreserved one (see <see cref="NativeSegment.IsReserved"/>) only as far as it is mapped already.
    /// </summary>
    public override long HugePageBytes
    {
        get
        {
            if (IsInvalid || IsClosed)
            {
                return 0;
            }
            if (!OnHugePages && TmpfsHugePages.Describe(Directory).Backing == HugePageBacking.None)
            {
                return 0;
            }
            if (IsReserved)
            {
                _ = Libc.Madvise(handle, (nuint)Length, Libc.MADV_POPULATE_READ);
            }
            return Smaps.HugeMappedBytes(handle, Length);
        }
    }

    /// <summary>The dot name the segment is built under where it cannot be an unnamed inode, or <c>null</c>.</summary>
    public string? TemporaryPath => _temporaryPath;

    /// <summary>A path another process can open the unpublished segment by: the dot name, or this process's descriptor in /proc.</summary>
    public string HiddenPath => _temporaryPath ?? $"/proc/{Environment.ProcessId}/fd/{_fd}";

    /// <summary>Whether <c>/proc/self/fd/<paramref name="fd"/></c> resolves, which linking an unnamed inode needs.</summary>
    public static bool ReachableThroughProc(int fd)
    {
        Libc.StatxBuffer status;
        return Libc.Statx(Libc.AT_FDCWD, $"/proc/self/fd/{fd}", 0, Libc.STATX_BASIC_STATS, &status) == 0;
    }

    /// <summary>Gives the hidden inode its name; false with errno set when that fails.</summary>
    public bool LinkAs(string path)
    {
        if (_temporaryPath is not null)
        {
            return Libc.Link(_temporaryPath, path) == 0;
        }
        if (Libc.LinkAt(Libc.AT_FDCWD, $"/proc/self/fd/{_fd}", Libc.AT_FDCWD, path, Libc.AT_SYMLINK_FOLLOW) == 0)
        {
            return true;
        }
        if (Libc.Errno != Libc.ENOENT || ReachableThroughProc(_fd))
        {
            return false;
        }
        // /proc went away after the segment was built: linking by descriptor needs CAP_DAC_READ_SEARCH
        // (root has it); without it the create fails here with the error, and leaves nothing behind.
        return Libc.LinkAt(_fd, "", Libc.AT_FDCWD, path, Libc.AT_EMPTY_PATH) == 0;
    }

    public void Published(string path)
    {
        _path = path;
        // A DeleteOnDispose creator joined before the name existed: its exit removal learns the name now.
        _exitRemoval?.Named(path);
        if (_temporaryPath is not null)
        {
            Libc.Unlink(_temporaryPath);
            _temporaryPath = null;
        }
    }

    public override bool IsCurrent()
    {
        if (_path is null)
        {
            return false;
        }
        Libc.StatxBuffer status;
        return Libc.Statx(Libc.AT_FDCWD, _path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) == 0
            && status.Inode == Identity.Inode && status.Device == Identity.Device;
    }

    protected override bool LockShared(string name, TimeSpan timeout)
    {
        long deadline = 0;
        var pause = 1;
        // Polled, not a blocking flock: a process of another user that keeps the exclusive lock (flock -x on the
        // segment) would otherwise hold this attach for ever. A SharedTyped process holds it only for an instant.
        while (Libc.Flock(_fd, Libc.LOCK_SH | Libc.LOCK_NB) != 0)
        {
            var errno = Libc.Errno;
            if (errno == Libc.EINTR)
            {
                continue;
            }
            if (errno != Libc.EAGAIN)
            {
                throw new IOException($"Cannot lock shared-memory segment '{_path}': {Libc.Describe(errno)}.");
            }
            var now = Environment.TickCount64;
            if (deadline == 0)
            {
                deadline = now + (long)timeout.TotalMilliseconds;
            }
            if (now >= deadline)
            {
                throw new TimeoutException(
                    $"Shared array '{name}' ('{_path ?? Directory}'): could not join its holders within {timeout.TotalSeconds:0.###} s: " +
                    "another process kept an exclusive lock (flock) on the segment. A SharedTyped process holds one only while it removes " +
                    "the name; see AttachOptions.LockTimeout.");
            }
            Thread.Sleep(pause);
            pause = Math.Min(pause * 2, 16);
        }
        if (_path is not null && Describe().NLink == 0)
        {
            // The last holder's close or the watcher removed the name while this process waited for
            // the lock: joining a segment nobody can find again would keep it alive for nothing.
            Libc.Flock(_fd, Libc.LOCK_UN);
            return false;
        }
        return true;
    }

    protected override bool UnlockShared(TimeSpan patience)
    {
        // flock converts by dropping the shared lock first: whether or not the exclusive one is
        // granted, this descriptor holds nothing afterwards, and the unlock makes that explicit.
        var unlinked = _path is not null && Libc.Flock(_fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0 && RemoveOrHandOn(patience, onlyIfUnheld: true);
        Libc.Flock(_fd, Libc.LOCK_UN);
        // Whichever of this process and the watcher got the exclusive lock first, the watcher may still hold the pages.
        Volatile.Write(ref _leftHolders, 1);
        return unlinked;
    }

    public override bool UnlinkIfStillNamed(TimeSpan patience) => _path is not null && RemoveOrHandOn(patience, onlyIfUnheld: false);

    /// <summary>
    /// The one removal of this segment's name, through the directory's <see cref="NameLock"/>. When another process
    /// keeps the directory locked past <paramref name="patience"/>, the removal is handed on to
    /// <see cref="PendingRemovals"/> (retried in the background, reported through the logger) instead of thrown:
    /// dispose and the finalizer must not fail for a name they could not remove.
    /// </summary>
    private bool RemoveOrHandOn(TimeSpan patience, bool onlyIfUnheld)
    {
        var path = _path!;
        switch (NameLock.TryRemoveIfNamed(Directory, path, Identity.Device, Identity.Inode, patience))
        {
            case NameLock.Removal.Removed:
                return true;
            case NameLock.Removal.Busy:
                PendingRemovals.Add(new PendingRemoval(System.IO.Path.GetFileName(path), Directory, path, Identity.Device, Identity.Inode, onlyIfUnheld, Logger));
                return false;
            default:
                return false;
        }
    }

    /// <summary>This process's DeleteOnDispose arrays on the segment, registered so that the name goes at process exit too (see <see cref="ExitRemovals"/>).</summary>
    private ExitRemovals.Entry? _exitRemoval;

    protected override void DeleteOnDisposeHeld(bool held)
    {
        if (held)
        {
            _exitRemoval = ExitRemovals.Add(Directory, Identity.Device, Identity.Inode, _path, Logger);
        }
        else if (_exitRemoval is { } entry)
        {
            _exitRemoval = null;
            ExitRemovals.Remove(entry);
        }
    }

    /// <summary>
    /// Moves file data into the segment inside the kernel (copy_file_range, else sendfile) so the
    /// mapping is never faulted in page by page; falls back to reading into the mapping.
    /// </summary>
    public override void CopyFromFile(SafeFileHandle file, long fileOffset, long segmentOffset, long count, Action<long>? progress)
    {
        var input = (int)file.DangerousGetHandle();
        long inOffset = fileOffset, outOffset = segmentOffset, done = 0;
        // Small enough that progress is reported (and a cancelled or failing load stops) every few milliseconds.
        const long chunk = 8L << 20;
        var useCopyFileRange = true;
        while (done < count)
        {
            var want = (nuint)Math.Min(chunk, count - done);
            nint moved;
            if (useCopyFileRange)
            {
                moved = Libc.CopyFileRange(input, &inOffset, _fd, &outOffset, want, 0);
                if (moved < 0 && Libc.Errno is Libc.EXDEV or Libc.ENOSYS or Libc.EINVAL or Libc.EOPNOTSUPP or Libc.EPERM)
                {
                    useCopyFileRange = false;
                    continue;
                }
            }
            else
            {
                // sendfile writes at the descriptor's file position, which nothing else uses.
                if (done == 0 && LSeek(outOffset) < 0)
                {
                    base.CopyFromFile(file, inOffset, outOffset, count - done, progress);
                    return;
                }
                moved = Libc.SendFile(_fd, input, &inOffset, want);
                if (moved < 0 && Libc.Errno is Libc.EINVAL or Libc.ENOSYS)
                {
                    base.CopyFromFile(file, inOffset, segmentOffset + done, count - done, progress);
                    return;
                }
                outOffset += moved > 0 ? moved : 0;
            }
            if (moved < 0)
            {
                if (Libc.Errno == Libc.EINTR)
                {
                    continue;
                }
                throw new IOException($"Copying into shared memory failed after {done} of {count} bytes: {Libc.Describe(Libc.Errno)}.");
            }
            if (moved == 0)
            {
                throw new EndOfStreamException($"the file ended {count - done} bytes early");
            }
            done += moved;
            progress?.Invoke(done);
        }
    }

    private long LSeek(long offset) => LibcSeek.LSeek(_fd, offset, 0);

    protected override void Unmap() => Libc.Munmap(handle, (nuint)Length);

    protected override void Dispose(bool disposing)
    {
        // The collapse maps the segment on its own, so it never reads this mapping; it stops at its next
        // huge page, and Dispose waits for it (bounded) so the segment's memory is free once the name is gone.
        var collapse = Interlocked.Exchange(ref _collapse, null);
        collapse?.Cancel();
        base.Dispose(disposing);
        if (disposing)
        {
            collapse?.Wait(DisposePatience);
        }
        // The last holder removed the name: once this process has unmapped and closed, only the watcher still holds
        // the segment's pages. Dispose returns when it has let go (bounded), so the space is back when the name is
        // gone; the finalizer never waits.
        if (disposing && Interlocked.Exchange(ref _leftHolders, 0) == 1 && _path is { } path
            && !ProcLocks.On(Inode.Major, Inode.Minor, Inode.Inode).Any(l => !l.Exclusive && !l.Waiting))
        {
            // No holder is left (another process's shared lock would keep the watcher, rightly): the watcher is retiring
            // the segment, whether this process or the watcher itself removed the name.
            LastProcessOutWatcher.AwaitRelease(LastProcessOutWatcher.WatchersOf(path, Identity.Inode), Inode);
        }
    }

    protected override void CloseSource()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0)
        {
            return;
        }
        Libc.Close(fd);
        if (_temporaryPath is not null)
        {
            Libc.Unlink(_temporaryPath);
        }
    }
}
