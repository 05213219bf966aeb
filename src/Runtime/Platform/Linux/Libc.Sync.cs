using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>The futex, kill and open-file-description lock calls behind the coordination of shared arrays.</summary>
internal static unsafe partial class Libc
{
    public const int ESRCH = 3;
    public const int EBADF = 9;
    public const int ETIMEDOUT = 110;

    public const int FUTEX_WAIT = 0;
    public const int FUTEX_WAKE = 1;

    /// <summary>futex(2) has a different number on each architecture; only these two are supported.</summary>
    public static readonly long SYS_futex = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        _ => -1,
    };

    public const int F_OFD_GETLK = 36;
    public const int F_OFD_SETLK = 37;
    public const short F_RDLCK = 0;
    public const short F_WRLCK = 1;
    public const short F_UNLCK = 2;

    /// <summary>glibc's <c>syscall</c> is variadic; its six integer arguments travel in registers on x86-64 and arm64 alike.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    /// <summary>kill(2); with signal 0 it only checks that the process exists.</summary>
    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int command, FileLock* fileLock);

    /// <summary><c>struct flock</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    public struct FileLock
    {
        [FieldOffset(0)] public short Type;
        [FieldOffset(2)] public short Whence;
        [FieldOffset(8)] public long Start;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public int Pid;
    }

    /// <summary><c>struct timespec</c> on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
