using System.Runtime.InteropServices;

namespace SharedTyped.Benchmarks.Native;

/// <summary>
/// The bare libc calls the baselines make: what a hand-written C program would do, with nothing of
/// SharedTyped in between. Linux x86-64/arm64 only, like the benchmarks.
/// </summary>
internal static unsafe partial class Posix
{
    private const string Library = "libc.so.6";

    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_CLOEXEC = 0x80000;

    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MADV_HUGEPAGE = 14;
    public const int MADV_POPULATE_WRITE = 23;

    /// <summary><c>st_size</c> sits at byte 48 of <c>struct stat</c> on both x86-64 and arm64.</summary>
    private const int StatSizeOffset = 48;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "fstat", SetLastError = true)]
    private static partial int FStat(int fd, byte* buffer);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    public static partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    public static partial int Fallocate(int fd, int mode, long offset, long length);

    public const int FALLOC_FL_KEEP_SIZE = 1;
    public const int FALLOC_FL_PUNCH_HOLE = 2;

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    /// <summary><c>fstat</c>'s <c>st_size</c>, or -1 with errno set.</summary>
    public static long SizeOf(int fd)
    {
        var buffer = stackalloc byte[256];
        return FStat(fd, buffer) == 0 ? *(long*)(buffer + StatSizeOffset) : -1;
    }

    /// <summary>Throws with errno's text; the baselines check every call as real code would.</summary>
    public static Exception Failure(string call) =>
        new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
}
