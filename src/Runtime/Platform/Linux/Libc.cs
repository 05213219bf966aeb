using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>The glibc/musl calls the Linux layer makes. Constants are Linux's; the few that differ by architecture are resolved at start-up.</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc.so.6";

    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>arm and arm64 number O_DIRECTORY and O_NOFOLLOW differently from x86.</summary>
    private static readonly bool ArmFlags = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;
    public static readonly int O_NOFOLLOW = ArmFlags ? 0x8000 : 0x20000;
    public static readonly int O_DIRECTORY = ArmFlags ? 0x4000 : 0x10000;
    public static readonly int O_TMPFILE = 0x400000 | O_DIRECTORY;

    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MADV_HUGEPAGE = 14;
    public const int MADV_POPULATE_READ = 22;
    public const int MADV_POPULATE_WRITE = 23;
    public const int MADV_COLLAPSE = 25;
    public const int FALLOC_FL_KEEP_SIZE = 1;

    public const int LOCK_SH = 1;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_BASIC_STATS = 0x7ff;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;
    public const int EDQUOT = 122;
    public const int EROFS = 30;

    /// <summary>The mode bit that marks a <see cref="SegmentLifetime.LastProcessOut"/> segment (S_ISVTX, meaningless on a regular file).</summary>
    public const ushort S_ISVTX = 0x200;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(int fd, uint mode);

    /// <summary>Returns the error number itself rather than setting errno.</summary>
    [LibraryImport(Library, EntryPoint = "posix_fallocate")]
    public static partial int PosixFallocate(int fd, long offset, long length);

    /// <summary>Linux's own call, without glibc's fallback of writing zeros, which would race a peer's writes.</summary>
    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    public static partial int Fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "gettid")]
    public static partial int GetTid();

    /// <summary>With <c>PRIO_PROCESS</c> and a thread id, Linux sets that one thread's nice value.</summary>
    [LibraryImport(Library, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, uint who, int priority);

    public const int PRIO_PROCESS = 0;

    [LibraryImport(Library, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string created);

    [LibraryImport(Library, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Library, EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport(Library, EntryPoint = "copy_file_range", SetLastError = true)]
    public static partial nint CopyFileRange(int fdIn, long* offsetIn, int fdOut, long* offsetOut, nuint length, uint flags);

    [LibraryImport(Library, EntryPoint = "sendfile", SetLastError = true)]
    public static partial nint SendFile(int fdOut, int fdIn, long* offset, nuint count);

    [LibraryImport(Library, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatVfs(string path, StatVfsBuffer* buffer);

    /// <summary><c>struct statx</c>: one layout on every architecture, which is why it is used instead of <c>stat</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(16)] public uint NLink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        /// <summary>512-byte blocks allocated: fewer than the size needs means a sparse, unreserved segment.</summary>
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly bool IsRegularFile => (Mode & 0xF000) == 0x8000;

        public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;
    }

    /// <summary><c>struct statvfs</c> as 64-bit Linux lays it out (every field before the spare ints is 8 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct StatVfsBuffer
    {
        [FieldOffset(8)] public ulong FragmentSize;
        [FieldOffset(32)] public ulong BlocksAvailable;
        [FieldOffset(40)] public ulong Files;
        [FieldOffset(56)] public ulong FilesAvailable;
    }

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Bytes an unprivileged writer can still use on the file system of <paramref name="path"/>, or -1.</summary>
    public static long FreeBytes(string path)
    {
        StatVfsBuffer buffer;
        return StatVfs(path, &buffer) == 0 ? (long)(buffer.BlocksAvailable * buffer.FragmentSize) : -1;
    }

    /// <summary>Inodes (files) an unprivileged writer can still create on the file system of <paramref name="path"/>, and the total; -1 where unknown.</summary>
    public static (long Free, long Total) FreeInodes(string path)
    {
        StatVfsBuffer buffer;
        return StatVfs(path, &buffer) == 0 ? ((long)buffer.FilesAvailable, (long)buffer.Files) : (-1, -1);
    }

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}

/// <summary><c>lseek</c>, kept apart because only the sendfile fallback needs it.</summary>
internal static partial class LibcSeek
{
    [System.Runtime.InteropServices.LibraryImport("libc.so.6", EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);
}
