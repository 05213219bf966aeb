using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>A file descriptor on a tmpfs segment and its mapping; the descriptor stays open for the flock of <see cref="SegmentLifetime.LastProcessOut"/>.</summary>
internal sealed unsafe class LinuxSegment : NativeSegment
{
    private int _fd;
    private string? _temporaryPath;
    private string? _path;
    /// <summary>Whether this descriptor holds the shared flock that counts this process among the holders.</summary>
    private bool _holding;

    public LinuxSegment(int fd, string directory, string? temporaryPath)
    {
        _fd = fd;
        Directory = directory;
        _temporaryPath = temporaryPath;
    }

    public string Directory { get; }

    /// <summary>The open descriptor of the segment, for the open-file-description locks of <see cref="LinuxSegmentSync"/>.</summary>
    public int Descriptor => _fd;

    /// <summary>Reads size, owner, mode and identity from the descriptor.</summary>
    public Libc.StatxBuffer Describe()
    {
        Libc.StatxBuffer status;
        if (Libc.Statx(_fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            throw new IOException($"Cannot inspect shared-memory segment{(_path is null ? "" : $" '{_path}'")}: {Libc.Describe(Libc.Errno)}.");
        }
        OwnerId = status.Uid;
        Mode = status.Mode & 0xFFF;
        Identity = new SegmentIdentity(Directory, status.Device, status.Inode);
        return status;
    }

    public void Map(long length, bool writable)
    {
        var protection = writable ? Libc.PROT_READ | Libc.PROT_WRITE : Libc.PROT_READ;
        var address = Libc.Mmap(0, (nuint)length, protection, Libc.MAP_SHARED, _fd, 0);
        if (address == -1)
        {
            throw new IOException($"Cannot map {length} bytes of shared memory{(_path is null ? "" : $" '{_path}'")}: {Libc.Describe(Libc.Errno)}.");
        }
        Length = length;
        Writable = writable;
        SetHandle(address);
    }

    /// <summary>
    /// One kernel pass over the page tables instead of a trap per 4 KiB page: on a virtual machine a
    /// fault costs microseconds, which made a filled 1 GiB create several times slower than the fill.
    /// Kernels before 5.14 lack MADV_POPULATE_WRITE; there the pages fault in as they are written.
    /// </summary>
    public override void Prefault() => Libc.Madvise(handle, (nuint)Length, Libc.MADV_POPULATE_WRITE);

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
        if (_temporaryPath is not null)
        {
            Libc.Unlink(_temporaryPath);
            _temporaryPath = null;
        }
    }

    public override bool JoinLastProcessOut()
    {
        if (_holding)
        {
            return true;
        }
        while (Libc.Flock(_fd, Libc.LOCK_SH) != 0)
        {
            if (Libc.Errno != Libc.EINTR)
            {
                throw new IOException($"Cannot lock shared-memory segment '{_path}': {Libc.Describe(Libc.Errno)}.");
            }
        }
        if (_path is not null && Describe().NLink == 0)
        {
            // The last holder's close or the watcher removed the name while this process waited for
            // the lock: joining a segment nobody can find again would keep it alive for nothing.
            Libc.Flock(_fd, Libc.LOCK_UN);
            return false;
        }
        _holding = true;
        return true;
    }

    public override bool LeaveLastProcessOut()
    {
        if (!_holding)
        {
            return false;
        }
        _holding = false;
        // flock converts by dropping the shared lock first: whether or not the exclusive one is
        // granted, this descriptor holds nothing afterwards, and the unlock makes that explicit.
        var unlinked = _path is not null && Libc.Flock(_fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0 && UnlinkIfStillNamed();
        Libc.Flock(_fd, Libc.LOCK_UN);
        return unlinked;
    }

    public override bool UnlinkIfStillNamed()
    {
        if (_path is null)
        {
            return false;
        }
        Libc.StatxBuffer status;
        if (Libc.Statx(Libc.AT_FDCWD, _path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            return Libc.Errno == Libc.ENOENT;
        }
        if (status.Inode != Identity.Inode || status.Device != Identity.Device)
        {
            // The name now belongs to a newer segment; it is not ours to remove.
            return false;
        }
        return Libc.Unlink(_path) == 0 || Libc.Errno == Libc.ENOENT;
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

    protected override bool ReleaseHandle()
    {
        UnlinkForCollectedArrays();
        Libc.Munmap(handle, (nuint)Length);
        CloseDescriptor();
        return true;
    }

    /// <summary>A segment that failed before it was mapped has no handle for <see cref="ReleaseHandle"/>; its descriptor still needs closing.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (IsInvalid)
        {
            CloseDescriptor();
        }
    }

    private void CloseDescriptor()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0)
        {
            return;
        }
        if (_holding && _path is not null && Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) == 0)
        {
            // No other process holds the segment: this one is the last out.
            UnlinkIfStillNamed();
        }
        Libc.Close(fd);
        if (_temporaryPath is not null)
        {
            Libc.Unlink(_temporaryPath);
        }
    }
}
