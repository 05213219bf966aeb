using System.Runtime.InteropServices;

namespace SharedTyped.Benchmarks.Native;

/// <summary>futex(2), mkfifo(3) and the byte read/write of the ping-pong baselines.</summary>
internal static unsafe partial class Futex
{
    private const string Library = "libc.so.6";

    private static readonly long SysFutex = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 98 : 202;

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    [LibraryImport(Library, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifo(string path, uint mode);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    /// <summary>Sleeps while <c>*word == expected</c> (FUTEX_WAIT, shared: no FUTEX_PRIVATE_FLAG).</summary>
    public static void Wait(int* word, int expected) => Syscall(SysFutex, (nint)word, 0, expected, 0, 0, 0);

    /// <summary>Wakes every waiter on <paramref name="word"/> (FUTEX_WAKE).</summary>
    public static void WakeAll(int* word) => Syscall(SysFutex, (nint)word, 1, int.MaxValue, 0, 0, 0);
}
