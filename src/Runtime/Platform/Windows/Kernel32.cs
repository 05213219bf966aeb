using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>The Win32 calls of the Windows platform (src/Runtime/Platform/Windows), in one place.</summary>
internal static unsafe partial class Kernel32
{
    private const string Library = "kernel32.dll";
    private const string Advapi = "advapi32.dll";

    public const uint PageReadWrite = 0x04;
    public const uint FileMapWrite = 0x0002, FileMapRead = 0x0004;
    /// <summary>Lets GetSecurityInfo read the owner of the object a handle was opened with.</summary>
    public const uint ReadControl = 0x00020000;
    public const int ErrorFileNotFound = 2, ErrorAccessDenied = 5, ErrorNotEnoughMemory = 8, ErrorInvalidHandle = 6,
        ErrorAlreadyExists = 183, ErrorCommitmentLimit = 1455, ErrorInvalidName = 123;
    public const uint OwnerSecurityInformation = 0x1;
    public const int SeKernelObject = 6;
    /// <summary>MEM_MAPPED: the type of a region that is a view of a section (a file mapping).</summary>
    public const uint MemMapped = 0x40000;

    /// <summary><c>MEM_COMMIT</c>: the region's pages are committed (a <see cref="MemoryBasicInformation.State"/>).</summary>
    public const uint MemCommit = 0x1000;

    /// <summary><c>PAGE_NOACCESS</c> and <c>PAGE_GUARD</c>: a region with either in its protection cannot be read as is.</summary>
    public const uint PageNoAccessOrGuard = 0x01 | 0x100;

    [StructLayout(LayoutKind.Sequential)]
    public struct SecurityAttributes
    {
        public int Length;
        public nint SecurityDescriptor;
        public int InheritHandle;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MemoryBasicInformation
    {
        public nint BaseAddress;
        public nint AllocationBase;
        public uint AllocationProtect;
        public nuint RegionSize;
        public uint State;
        public uint Protect;
        public uint Type;
    }

    [LibraryImport(Library, EntryPoint = "CreateFileMappingW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateFileMapping(nint file, SecurityAttributes* attributes, uint protect, uint sizeHigh, uint sizeLow, string name);

    [LibraryImport(Library, EntryPoint = "OpenFileMappingW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint OpenFileMapping(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, string name);

    [LibraryImport(Library, EntryPoint = "MapViewOfFile", SetLastError = true)]
    public static partial nint MapViewOfFile(nint mapping, uint access, uint offsetHigh, uint offsetLow, nuint bytes);

    [LibraryImport(Library, EntryPoint = "UnmapViewOfFile", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool UnmapViewOfFile(nint address);

    [LibraryImport(Library, EntryPoint = "CloseHandle", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CloseHandle(nint handle);

    [LibraryImport(Library, EntryPoint = "VirtualQuery", SetLastError = true)]
    public static partial nuint VirtualQuery(nint address, MemoryBasicInformation* info, nuint length);

    [LibraryImport(Library, EntryPoint = "LocalFree")]
    public static partial nint LocalFree(nint memory);

    [LibraryImport(Advapi, EntryPoint = "ConvertStringSecurityDescriptorToSecurityDescriptorW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ConvertStringSecurityDescriptorToSecurityDescriptor(string descriptor, uint revision, out nint securityDescriptor, nint size);

    [LibraryImport(Advapi, EntryPoint = "GetSecurityInfo")]
    public static partial uint GetSecurityInfo(nint handle, int objectType, uint information, nint* owner, nint* group, nint* dacl, nint* sacl, nint* securityDescriptor);

    [LibraryImport(Advapi, EntryPoint = "IsValidSid")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool IsValidSid(nint sid);

    [LibraryImport(Advapi, EntryPoint = "ConvertSidToStringSidW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ConvertSidToStringSid(nint sid, out nint text);

    /// <summary>The message of the last error, for an exception naming the call.</summary>
    public static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
