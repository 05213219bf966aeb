using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>The Win32 calls of coordination on Windows: events, waits, processes, lock files.</summary>
internal static unsafe partial class Kernel32
{
    public const uint Synchronize = 0x00100000;
    public const uint EventModifyState = 0x0002;
    public const uint Infinite = 0xFFFFFFFF;
    public const uint WaitObject0 = 0, WaitTimeout = 0x102, WaitFailed = 0xFFFFFFFF;
    public const int MaximumWaitObjects = 64;
    public const int ErrorInvalidParameter = 87, ErrorSharingViolation = 32, ErrorLockViolation = 33, ErrorPathNotFound = 3;
    public const uint DaclSecurityInformation = 0x4;
    public const uint GenericRead = 0x80000000, GenericWrite = 0x40000000;
    public const uint FileShareRead = 0x1, FileShareWrite = 0x2;
    public const uint OpenAlways = 4;
    public const uint FileAttributeNormal = 0x80;
    public const uint LockfileFailImmediately = 0x1, LockfileExclusiveLock = 0x2;

    [LibraryImport(Library, EntryPoint = "CreateEventW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateEvent(SecurityAttributes* attributes, [MarshalAs(UnmanagedType.Bool)] bool manualReset, [MarshalAs(UnmanagedType.Bool)] bool initialState, string? name);

    [LibraryImport(Library, EntryPoint = "OpenEventW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint OpenEvent(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, string name);

    [LibraryImport(Library, EntryPoint = "SetEvent", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool SetEvent(nint handle);

    [LibraryImport(Library, EntryPoint = "WaitForSingleObject", SetLastError = true)]
    public static partial uint WaitForSingleObject(nint handle, uint milliseconds);

    [LibraryImport(Library, EntryPoint = "WaitForMultipleObjects", SetLastError = true)]
    public static partial uint WaitForMultipleObjects(uint count, nint* handles, [MarshalAs(UnmanagedType.Bool)] bool waitAll, uint milliseconds);

    [LibraryImport(Library, EntryPoint = "OpenProcess", SetLastError = true)]
    public static partial nint OpenProcess(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, uint processId);

    [LibraryImport(Library, EntryPoint = "ProcessIdToSessionId", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ProcessIdToSessionId(uint processId, out uint sessionId);

    [LibraryImport(Library, EntryPoint = "ReadProcessMemory", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ReadProcessMemory(nint process, nint address, void* buffer, nuint size, nuint* read);

    /// <summary>The pseudo handle of this process (GetCurrentProcess), which needs no closing.</summary>
    public const nint CurrentProcess = -1;

    [LibraryImport(Library, EntryPoint = "CreateFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial SafeFileHandle CreateFile(string path, uint access, uint share, SecurityAttributes* attributes, uint disposition, uint flags, nint template);

    [LibraryImport(Library, EntryPoint = "DeleteFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DeleteFile(string path);

    [LibraryImport(Library, EntryPoint = "LockFileEx", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool LockFileEx(SafeFileHandle file, uint flags, uint reserved, uint bytesLow, uint bytesHigh, NativeOverlapped* overlapped);

    [LibraryImport(Library, EntryPoint = "UnlockFileEx", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool UnlockFileEx(SafeFileHandle file, uint reserved, uint bytesLow, uint bytesHigh, NativeOverlapped* overlapped);

    /// <summary>A wait's timeout in the milliseconds Win32 takes, rounded up so that a short slice never becomes a spin.</summary>
    public static uint Milliseconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return Infinite;
        }
        var milliseconds = Math.Ceiling(Math.Max(0, timeout.TotalMilliseconds));
        return milliseconds >= Infinite - 1 ? Infinite - 1 : (uint)milliseconds;
    }
}
