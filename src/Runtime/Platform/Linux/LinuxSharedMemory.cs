using System.Security.Cryptography;

namespace SharedTyped;

/// <summary>
/// Linux: a segment is a file in a tmpfs directory (<c>/dev/shm</c>, where <c>shm_open</c> and
/// numpy's <c>SharedMemory</c> look). It is built as an unnamed <c>O_TMPFILE</c> inode, reserved with
/// <c>posix_fallocate</c>, filled, and only then linked under its name, so an attacher sees the name
/// whole or not at all and a process killed half way leaves nothing behind.
/// </summary>
internal sealed unsafe class LinuxSharedMemory : ISharedMemoryPlatform
{
    public const string DefaultDirectory = "/dev/shm";
    public const string DirectoryVariable = "SHAREDTYPED_SHM_DIR";

    private static readonly uint EffectiveUser = Libc.GetEuid();

    public int MaxNameBytes => 255;

    public static string ResolveDirectory(string? directory)
    {
        if (!string.IsNullOrEmpty(directory))
        {
            return directory;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? DefaultDirectory : fromEnvironment;
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
        var fd = Libc.Open(directory, Libc.O_TMPFILE | Libc.O_RDWR | Libc.O_CLOEXEC, mode);
        if (fd < 0 && Libc.Errno is Libc.EOPNOTSUPP or Libc.EISDIR or Libc.EINVAL)
        {
            // A file system without O_TMPFILE: a dot name, which no valid segment name can collide with.
            temporaryPath = Path.Combine(directory, $".sharedtyped-{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}");
            fd = Libc.Open(temporaryPath, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, mode);
        }
        if (fd < 0)
        {
            var errno = Libc.Errno;
            throw errno switch
            {
                Libc.ENOENT => new DirectoryNotFoundException($"Shared array '{name}': the shared-memory directory '{directory}' does not exist."),
                Libc.EACCES or Libc.EPERM => new UnauthorizedAccessException($"Shared array '{name}': no permission to create segments in '{directory}'."),
                _ => new IOException($"Shared array '{name}': cannot create a segment in '{directory}': {Libc.Describe(errno)}."),
            };
        }
        var segment = new LinuxSegment(fd, directory, temporaryPath);
        try
        {
            // The umask must not narrow what the caller asked for.
            Libc.FChmod(fd, mode);
            Reserve(fd, name, directory, length);
            segment.Map(length, writable: true);
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
    /// </summary>
    private static void Reserve(int fd, string name, string directory, long length)
    {
        var error = Libc.PosixFallocate(fd, 0, length);
        if (error == 0)
        {
            return;
        }
        if (error == Libc.ENOSPC)
        {
            var free = Libc.FreeBytes(directory);
            throw new SharedArrayOutOfSpaceException(
                $"Shared array '{name}' needs {length} bytes but '{directory}' has only {(free < 0 ? "an unknown number of" : free.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes free.",
                length, free);
        }
        if (error is Libc.EOPNOTSUPP or Libc.EINVAL && Libc.FTruncate(fd, length) == 0)
        {
            return;
        }
        throw new IOException($"Shared array '{name}': cannot reserve {length} bytes in '{directory}': {Libc.Describe(error)}.");
    }

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request)
    {
        var linux = (LinuxSegment)segment;
        var path = Path.Combine(linux.Directory, name);
        if (request.LastProcessOut)
        {
            // Locked before the name exists: an attacher that joins and leaves at once must find the
            // creator among the holders, or it would think itself the last one out and unlink.
            linux.JoinLastProcessOut();
        }
        for (var attempt = 0; ; attempt++)
        {
            if (linux.LinkAs(path))
            {
                break;
            }
            var errno = Libc.Errno;
            if (errno != Libc.EEXIST)
            {
                throw new IOException($"Shared array '{name}': cannot publish '{path}': {Libc.Describe(errno)}.");
            }
            // Only a published segment can be in the way: one still being built has no name yet,
            // so force never removes a segment another process is still creating.
            if (!request.Force || attempt >= 8)
            {
                throw new SharedArrayExistsException($"Shared array '{name}' already exists ('{path}').");
            }
            if (Libc.Unlink(path) != 0 && Libc.Errno != Libc.ENOENT)
            {
                throw new IOException($"Shared array '{name}': force could not remove '{path}': {Libc.Describe(Libc.Errno)}.");
            }
        }
        linux.Published(path);
        if (request.LastProcessOut)
        {
            LastProcessOutWatcher.Start(path, linux.Identity.Inode);
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
        var segment = new LinuxSegment(fd, directory, temporaryPath: null);
        try
        {
            segment.Published(path);
            if (request.LastProcessOut)
            {
                segment.JoinLastProcessOut();
            }
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
                    "set AllowForeignOwner to trust it.");
            }
            if (status.Size < 8)
            {
                throw new SharedArrayFormatException(
                    $"Shared array '{name}' has an invalid header: the segment is {status.Size} bytes, shorter than the 8-byte header prefix.");
            }
            segment.Map((long)status.Size, request.Writable);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public bool Delete(string name, string? directory)
    {
        var path = Locate(name, directory);
        if (Libc.Unlink(path) == 0 || Libc.Errno == Libc.ENOENT)
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
        Libc.StatxBuffer status;
        return Libc.Statx(Libc.AT_FDCWD, Locate(name, directory), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) == 0;
    }

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
