using System.Globalization;
using System.Security.Cryptography;

namespace SharedTyped;

/// <summary>
/// Linux: a segment is a file in a tmpfs directory (<c>/dev/shm</c>, where <c>shm_open</c> and
/// numpy's <c>SharedMemory</c> look). It is built as an unnamed <c>O_TMPFILE</c> inode, reserved with
/// <c>posix_fallocate</c>, filled, and only then linked under its name, so an attacher sees the name
/// whole or not at all and a process killed half way leaves nothing behind.
/// </summary>
internal sealed unsafe partial class LinuxSharedMemory : ISharedMemoryPlatform
{
    public const string DefaultDirectory = "/dev/shm";
    public const string DirectoryVariable = "SHAREDTYPED_SHM_DIR";

    private static readonly uint EffectiveUser = Libc.GetEuid();

    public int MaxNameBytes => CodeAnalysis.SegmentNameRules.MaxBytes;

    /// <summary>
    /// The directory <see cref="DirectoryVariable"/> names, else <see cref="DefaultDirectory"/>: read at
    /// the first call that needs it and kept, like the rest of a process's start-up configuration. A
    /// lookup costs about half a microsecond (the runtime's <c>getenv</c> under its lock, then a string),
    /// which every attach paid again for an answer that does not change.
    /// </summary>
    private static string? s_environmentDirectory;

    public static string ResolveDirectory(string? directory)
    {
        if (!string.IsNullOrEmpty(directory))
        {
            return directory;
        }
        // A race between two first calls reads the same variable twice and keeps either answer.
        return s_environmentDirectory ??= Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultDirectory;
    }

    public string Locate(string name, string? directory) => Path.Combine(ResolveDirectory(directory), name);

    public NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request)
    {
        var directory = ResolveDirectory(request.Directory);
        var mode = request.Permissions switch
        {
            SegmentPermissions.Group => 0x1B0u,    // 0660
            SegmentPermissions.Everyone => 0x1B6u, // 0666
            _ => 0x180u,                           // 0600
        };
        if (request.LastProcessOut)
        {
            LastProcessOutWatcher.EnsureAvailable(name);
        }
        string? temporaryPath = null;
        var fd = OpenRetrying(directory, Libc.O_TMPFILE | Libc.O_RDWR | Libc.O_CLOEXEC, mode);
        var needsName = fd < 0 && Libc.Errno is Libc.EOPNOTSUPP or Libc.EISDIR or Libc.EINVAL;
        if (fd >= 0 && !LinuxSegment.ReachableThroughProc(fd))
        {
            // No /proc (a chroot or a container without it): the unnamed inode could never be
            // linked into place through /proc/self/fd, so build under a dot name instead.
            Libc.Close(fd);
            fd = -1;
            needsName = true;
        }
        if (needsName)
        {
            // A dot name, which no valid segment name can collide with. A process killed before it
            // publishes leaves this file behind; see docs/guarantees.md.
            temporaryPath = Path.Combine(directory, $".sharedtyped-{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}");
            fd = OpenRetrying(temporaryPath, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, mode);
        }
        if (fd < 0)
        {
            var errno = Libc.Errno;
            throw errno switch
            {
                Libc.ENOENT => new DirectoryNotFoundException($"Shared array '{name}': the shared-memory directory '{directory}' does not exist."),
                Libc.EACCES or Libc.EPERM => new UnauthorizedAccessException($"Shared array '{name}': no permission to create segments in '{directory}'."),
                // tmpfs counts files apart from bytes (nr_inodes): a directory with bytes to spare can still be full.
                Libc.ENOSPC or Libc.EDQUOT => OutOfInodes(name, directory, length, errno),
                Libc.ENOMEM => OutOfSpace(name, directory, length, "the kernel had no memory for a new file"),
                _ => new IOException($"Shared array '{name}': cannot create a segment in '{directory}': {Libc.Describe(errno)}."),
            };
        }
        var segment = new LinuxSegment(fd, directory, temporaryPath, writable: true);
        try
        {
            // The umask must not narrow what the caller asked for. S_ISVTX marks a LastProcessOut
            // segment, so that the next process to open it can tell an orphan (see NameLock).
            Libc.FChmod(fd, request.LastProcessOut ? mode | Libc.S_ISVTX : mode);
            if (request.HugePages == HugePages.Off || !HugePageReservation.TryReserve(segment, name, directory, length, request.HugePages, request.Subject))
            {
                Reserve(fd, name, directory, length);
                segment.Map(name, length, writable: true);
            }
            segment.Describe();
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>
    /// tmpfs hands out pages on first touch, and a touch that cannot be backed kills the process with
    /// SIGBUS; reserving every page now turns a full <c>/dev/shm</c> into an exception here instead.
    /// Bytes before <paramref name="from"/> are reserved already (a huge-page segment that fell back part way).
    /// </summary>
    internal static void Reserve(int fd, string name, string directory, long length, long from = 0)
    {
        int error;
        // A signal during a large reservation interrupts it; what was reserved so far stays, and the retry completes it.
        while ((error = Libc.PosixFallocate(fd, from, length - from)) == Libc.EINTR)
        {
        }
        if (error == 0)
        {
            return;
        }
        switch (error)
        {
            case Libc.ENOSPC:
                throw OutOfSpace(name, directory, length, null);
            case Libc.EDQUOT:
                throw OutOfSpace(name, directory, length, "the user's quota there is exhausted");
            case Libc.ENOMEM:
                // The pages could not be charged: the machine or the memory cgroup is out of memory.
                throw OutOfSpace(name, directory, length, "the memory to back it could not be had (out of memory, or the memory cgroup's limit)");
            case Libc.EOPNOTSUPP or Libc.EINVAL when Libc.FTruncate(fd, length) == 0:
                return;
        }
        throw new IOException($"Shared array '{name}': cannot reserve {length} bytes in '{directory}': {Libc.Describe(error)}.");
    }

    /// <summary>The exception for a segment that does not fit: how much was asked, how much is free, and, when it is not plain lack of bytes, why.</summary>
    internal static SharedArrayOutOfSpaceException OutOfSpace(string name, string directory, long length, string? why)
    {
        // Read after the failure: the space may have come back meanwhile (another segment's last pages let go), and
        // the message then says so instead of "needs N but only M free" with M > N.
        var free = Libc.FreeBytes(directory);
        var freeText = free < 0 ? "an unknown number of" : free.ToString(CultureInfo.InvariantCulture);
        return new SharedArrayOutOfSpaceException(
            why is null && free >= length
                ? $"Shared array '{name}' needs {length} bytes and '{directory}' had too few free when they were reserved; " +
                  $"it reports {freeText} bytes free now, so space was freed in between (another segment let go): try again."
            : why is null
                ? $"Shared array '{name}' needs {length} bytes but '{directory}' has only {freeText} bytes free."
                : $"Shared array '{name}' needs {length} bytes but cannot have them in '{directory}': {why} ({freeText} bytes free there).",
            length, free);
    }

    private static SharedArrayOutOfSpaceException OutOfInodes(string name, string directory, long length, int errno)
    {
        var (freeInodes, inodes) = Libc.FreeInodes(directory);
        var why = errno == Libc.EDQUOT
            ? "the user's quota of files there is exhausted"
            : inodes < 0
                ? "it can hold no more files (no free inodes)"
                : $"it can hold no more files: {freeInodes} of its {inodes} inodes are free";
        return OutOfSpace(name, directory, length, why);
    }

    /// <summary><c>open</c>, again when a signal interrupted it.</summary>
    private static int OpenRetrying(string path, int flags, uint mode)
    {
        int fd;
        while ((fd = Libc.Open(path, flags, mode)) < 0 && Libc.Errno == Libc.EINTR)
        {
        }
        return fd;
    }

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request)
    {
        var linux = (LinuxSegment)segment;
        var path = Path.Combine(linux.Directory, name);
        if (request.LastProcessOut)
        {
            // The creator holds its shared lock already (the create transaction joined before
            // publishing), so an attacher that joins and leaves at once finds it among the holders.
            // The watcher opens the inode while it is still hidden and says so before the name
            // appears: a creator killed at any instant after that leaves a watcher to remove it,
            // and one killed before leaves no name at all.
            LastProcessOutWatcher.Start(name, linux.HiddenPath, path, linux.TemporaryPath, linux.Identity.Inode, linux.Directory);
        }
        if (!linux.LinkAs(path))
        {
            var errno = Libc.Errno;
            if (errno != Libc.EEXIST)
            {
                throw new IOException($"Shared array '{name}': cannot publish '{path}': {Libc.Describe(errno)}.");
            }
            PublishOverExisting(linux, name, path, request);
        }
        linux.Published(path);
    }

    /// <summary>
    /// The name is taken. Under the directory's <see cref="NameLock"/>, an orphaned LastProcessOut
    /// segment (holders and watcher all dead) is removed and the name used; with Force, the segment
    /// there is replaced, unless it is another user's and the caller did not allow that. Only a
    /// published segment can be in the way: one still being built has no name yet, so Force never
    /// removes a segment another process is still creating.
    /// </summary>
    private static void PublishOverExisting(LinuxSegment linux, string name, string path, in SegmentCreateRequest request)
    {
        using var held = NameLock.Take(linux.Directory);
        // The segment Force removed is retired once the new one has the name (when this is disposed),
        // so its woken waiters that attach the name again find the new one.
        NameLock.RetireLater? replaced = null;
        using var retireReplaced = new Finally(() => replaced?.Dispose());
        for (var attempt = 0; ; attempt++)
        {
            if (!NameLock.ReapIfOrphanLocked(path))
            {
                if (!request.Force || attempt >= 64)
                {
                    throw SharedArrayExistsException.For(name, path);
                }
                Libc.StatxBuffer status;
                if (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) == 0)
                {
                    RefuseForeign(name, path, status.Uid, request.AllowForeignOwner, "replace");
                }
                replaced?.Dispose();
                replaced = NameLock.Unlink(path, out var removed);
                if (removed != 0 && Libc.Errno != Libc.ENOENT)
                {
                    throw new IOException($"Shared array '{name}': force could not remove '{path}': {Libc.Describe(Libc.Errno)}.");
                }
            }
            if (linux.LinkAs(path))
            {
                return;
            }
            var errno = Libc.Errno;
            if (errno != Libc.EEXIST)
            {
                throw new IOException($"Shared array '{name}': cannot publish '{path}': {Libc.Describe(errno)}.");
            }
        }
    }

    /// <summary>Another user's segment is not ours to replace or delete, root included, unless the caller opted in.</summary>
    private static void RefuseForeign(string name, string path, uint owner, bool allowForeignOwner, string action)
    {
        if (owner != EffectiveUser && !allowForeignOwner)
        {
            throw new SharedArrayAccessException(
                $"Shared array '{name}' ('{path}') is owned by user {owner}, not by this user ({EffectiveUser}); " +
                $"refusing to {action} it. {ForeignSegment.Remedy(action)}");
        }
    }

    public NativeSegment? Open(string name, in SegmentOpenRequest request)
    {
        var directory = ResolveDirectory(request.Directory);
        var path = Path.Combine(directory, name);
        // O_NONBLOCK: a FIFO squatting on the name must not hang the attach; it is refused below as not a regular file.
        var fd = Libc.Open(path, (request.Writable ? Libc.O_RDWR : Libc.O_RDONLY) | Libc.O_CLOEXEC | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            var errno = Libc.Errno;
            return errno switch
            {
                Libc.ENOENT => null,
                Libc.EACCES or Libc.EPERM => throw new SharedArrayAccessException(
                    $"Shared array '{name}': permission denied opening '{path}'{(request.Writable ? " for writing" : "")}."),
                Libc.ELOOP => throw new SharedArrayAccessException($"Shared array '{name}': '{path}' is a symbolic link, not a segment."),
                Libc.EISDIR => throw new SharedArrayFormatException($"Shared array '{name}': '{path}' is a directory, not a segment."),
                _ => throw new IOException($"Shared array '{name}': cannot open '{path}': {Libc.Describe(errno)}."),
            };
        }
        var segment = new LinuxSegment(fd, directory, temporaryPath: null, request.Writable);
        try
        {
            // LastProcessOut is joined by the caller once every check has passed: a segment that fails
            // a check must close without the last-out unlink, or a refused attach would delete it.
            segment.Published(path);
            var status = segment.Describe();
            if (status.NLink == 0)
            {
                // Removed between our open and our look: as good as not there.
                segment.Dispose();
                return null;
            }
            if (!status.IsRegularFile)
            {
                throw new SharedArrayFormatException($"Shared array '{name}': '{path}' is not a regular file.");
            }
            if (status.Uid != EffectiveUser && !request.AllowForeignOwner)
            {
                throw new SharedArrayAccessException(
                    $"Shared array '{name}' ('{path}') is owned by user {status.Uid}, not by this user ({EffectiveUser}); " +
                    $"refusing to {request.Action} it. {ForeignSegment.Remedy(request.Action)}");
            }
            if (!request.LookOnly && NameLock.LockIfOrphan(segment.Descriptor, status))
            {
                // A LastProcessOut segment whose holders and watcher all died: it should have gone
                // with its last holder, so it goes now, and is as good as not there.
                using (NameLock.Take(directory))
                {
                    NameLock.RemoveIfNamedLocked(path, status.Device, status.Inode);
                }
                segment.Dispose();
                return null;
            }
            if (status.Size < 8)
            {
                throw new SharedArrayFormatException(
                    $"Shared array '{name}' has an invalid header: the segment is {status.Size} bytes, shorter than the 8-byte header prefix.");
            }
            // Mapped by the caller, and only if no mapping of this process already matches it.
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public bool Delete(string name, string? directory, bool allowForeignOwner)
    {
        var root = ResolveDirectory(directory);
        var path = Path.Combine(root, name);
        using var held = NameLock.Take(root);
        Libc.StatxBuffer status;
        if (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            return true;
        }
        RefuseForeign(name, path, status.Uid, allowForeignOwner, "delete");
        if (NameLock.Remove(path) == 0 || Libc.Errno == Libc.ENOENT)
        {
            return true;
        }
        var errno = Libc.Errno;
        throw errno is Libc.EACCES or Libc.EPERM
            ? new UnauthorizedAccessException($"Shared array '{name}': no permission to delete '{path}'.")
            : new IOException($"Shared array '{name}': cannot delete '{path}': {Libc.Describe(errno)}.");
    }

    public bool Exists(string name, string? directory)
    {
        var root = ResolveDirectory(directory);
        var path = Path.Combine(root, name);
        Libc.StatxBuffer status;
        // A look: an orphan is there until an attach, a load or a create removes it (docs/guarantees.md).
        return Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) == 0;
    }

    public HugePageSupport DescribeHugePages(string? directory) => TmpfsHugePages.Describe(ResolveDirectory(directory)).Support;

    public IReadOnlyList<string> List(string? directory)
    {
        var root = ResolveDirectory(directory);
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }
        return System.IO.Directory.EnumerateFiles(root)
            .Select(Path.GetFileName)
            .Where(n => n is { Length: > 0 } && n[0] != '.')
            .Order(StringComparer.Ordinal)
            .ToList()!;
    }
}

/// <summary>Runs an action when disposed.</summary>
file sealed class Finally(Action action) : IDisposable
{
    public void Dispose() => action();
}
