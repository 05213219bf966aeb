using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// Windows: a named file mapping backed by the paging file. Windows removes it when the last handle
/// closes, so every segment behaves as <see cref="SegmentLifetime.LastProcessOut"/> and cannot be
/// deleted while open (cdxcore's <c>delete_shared_array</c> does nothing there either).
/// Builds everywhere; tested only where Windows runs the suite.
/// </summary>
internal sealed unsafe partial class WindowsSharedMemory : ISharedMemoryPlatform
{
    private const string Kernel32 = "kernel32.dll";
    private const uint PageReadWrite = 0x04;
    private const uint FileMapWrite = 0x0002, FileMapRead = 0x0004;
    private const int ErrorFileNotFound = 2, ErrorAccessDenied = 5, ErrorAlreadyExists = 183, ErrorNotEnoughMemory = 8, ErrorCommitmentLimit = 1455;

    public int MaxNameBytes => 255;

    public string Locate(string name, string? directory) => name;

    public NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request)
    {
        NoHugePages.RefuseRequire(name, request, "Windows");
        var mapping = CreateFileMapping(-1, 0, PageReadWrite, (uint)((ulong)length >> 32), (uint)length, name);
        var error = Marshal.GetLastPInvokeError();
        if (mapping == 0)
        {
            throw error is ErrorNotEnoughMemory or ErrorCommitmentLimit
                ? new SharedArrayOutOfSpaceException($"Shared array '{name}' needs {length} bytes; the system cannot commit them.", length, -1)
                : new IOException($"Shared array '{name}': CreateFileMapping failed: {Marshal.GetPInvokeErrorMessage(error)}.");
        }
        var segment = new WindowsSegment(mapping, name);
        if (error == ErrorAlreadyExists)
        {
            segment.Dispose();
            throw SharedArrayExistsException.For(name, null);
        }
        try
        {
            segment.Map(FileMapRead | FileMapWrite, writable: true);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request)
    {
        // A Windows mapping is named at creation, and its creator's handle keeps it alive.
    }

    public NativeSegment? Open(string name, in SegmentOpenRequest request)
    {
        var access = request.Writable ? FileMapRead | FileMapWrite : FileMapRead;
        var mapping = OpenFileMapping(access, false, name);
        if (mapping == 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error switch
            {
                ErrorFileNotFound => null,
                ErrorAccessDenied => throw new SharedArrayAccessException($"Shared array '{name}': access denied."),
                _ => throw new IOException($"Shared array '{name}': OpenFileMapping failed: {Marshal.GetPInvokeErrorMessage(error)}."),
            };
        }
        var segment = new WindowsSegment(mapping, name);
        try
        {
            segment.Map(access, request.Writable);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public bool Delete(string name, string? directory, bool allowForeignOwner) => !Exists(name, directory);

    public bool Exists(string name, string? directory)
    {
        var mapping = OpenFileMapping(FileMapRead, false, name);
        if (mapping == 0)
        {
            return Marshal.GetLastPInvokeError() != ErrorFileNotFound;
        }
        CloseHandle(mapping);
        return true;
    }

    public IReadOnlyList<string> List(string? directory) => [];

    public HugePageSupport DescribeHugePages(string? directory) => NoHugePages.Describe("Windows");

    [LibraryImport(Kernel32, EntryPoint = "CreateFileMappingW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial nint CreateFileMapping(nint file, nint attributes, uint protect, uint sizeHigh, uint sizeLow, string name);

    [LibraryImport(Kernel32, EntryPoint = "OpenFileMappingW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial nint OpenFileMapping(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, string name);

    [LibraryImport(Kernel32, EntryPoint = "MapViewOfFile", SetLastError = true)]
    private static partial nint MapViewOfFile(nint mapping, uint access, uint offsetHigh, uint offsetLow, nuint bytes);

    [LibraryImport(Kernel32, EntryPoint = "UnmapViewOfFile", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool UnmapViewOfFile(nint address);

    [LibraryImport(Kernel32, EntryPoint = "CloseHandle", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool CloseHandle(nint handle);

    [LibraryImport(Kernel32, EntryPoint = "VirtualQuery", SetLastError = true)]
    private static partial nuint VirtualQuery(nint address, MemoryBasicInformation* info, nuint length);

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryBasicInformation
    {
        public nint BaseAddress;
        public nint AllocationBase;
        public uint AllocationProtect;
        public nuint RegionSize;
        public uint State;
        public uint Protect;
        public uint Type;
    }

    private sealed class WindowsSegment(nint mapping, string name) : NativeSegment
    {
        private nint _mapping = mapping;

        public void Map(uint access, bool writable)
        {
            var address = MapViewOfFile(_mapping, access, 0, 0, 0);
            if (address == 0)
            {
                throw new IOException($"Shared array '{name}': MapViewOfFile failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
            SetHandle(address);
            MemoryBasicInformation info;
            Length = VirtualQuery(address, &info, (nuint)sizeof(MemoryBasicInformation)) != 0 ? (long)info.RegionSize : 0;
            Size = Length;
            Writable = writable;
            // A named mapping cannot be replaced while a handle to it is open, so while this segment
            // lives its name is its identity; a hash of the name could collide with another name.
            Identity = new SegmentIdentity($"Local\\{name}", 0, 0);
        }

        protected override bool ReleaseHandle()
        {
            UnmapViewOfFile(handle);
            CloseMapping();
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (IsInvalid)
            {
                CloseMapping();
            }
        }

        private void CloseMapping()
        {
            var mapping = Interlocked.Exchange(ref _mapping, 0);
            if (mapping != 0)
            {
                CloseHandle(mapping);
            }
        }
    }
}
