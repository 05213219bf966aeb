using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// macOS: POSIX shared memory through <c>shm_open("/" + name)</c>. Names are limited to 31 bytes,
/// objects cannot be listed or hard-linked, so a segment is named from the start (its header is
/// written right after) and <see cref="SegmentLifetime.LastProcessOut"/> is not available.
/// Builds everywhere; tested only where a Mac runs the suite.
/// </summary>
internal sealed unsafe partial class MacSharedMemory : ISharedMemoryPlatform
{
    private const string SystemLibrary = "/usr/lib/libSystem.dylib";
    private const string DotNetNative = "libSystem.Native";
    private const int PalReadWrite = 0x0002, PalCloseOnExec = 0x0010, PalCreate = 0x0020, PalExclusive = 0x0040;
    private const int ProtRead = 1, ProtWrite = 2, MapShared = 1;
    private const int ENOENT = 2, EEXIST = 17, ENOSPC = 28;

    public int MaxNameBytes => CodeAnalysis.SegmentNameRules.MaxPortableBytes;

    public string Locate(string name, string? directory) => "/" + name;

    public NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request)
    {
        NoHugePages.RefuseRequire(name, request, "macOS");
        if (request.LastProcessOut)
        {
            throw new PlatformNotSupportedException($"Shared array '{name}': SegmentLifetime.LastProcessOut needs Linux.");
        }
        var mode = request.Permissions switch { SegmentPermissions.Group => 0x1B0, SegmentPermissions.Everyone => 0x1B6, _ => 0x180 };
        if (request.Force)
        {
            ShmUnlink("/" + name);
        }
        // shm_open is variadic, which P/Invoke cannot call correctly on arm64; .NET's own shim can.
        var fd = (int)ShmOpen("/" + name, PalReadWrite | PalCreate | PalExclusive | PalCloseOnExec, mode);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == EEXIST
                ? SharedArrayExistsException.For(name, null)
                : new IOException($"Shared array '{name}': shm_open failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        var segment = new MacSegment(fd, name);
        try
        {
            if (FTruncate(fd, length) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno == ENOSPC
                    ? new SharedArrayOutOfSpaceException($"Shared array '{name}' needs {length} bytes of shared memory, more than is free.", length, -1)
                    : new IOException($"Shared array '{name}': cannot size the segment to {length} bytes: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }
            segment.Map(length, writable: true);
            return segment;
        }
        catch
        {
            segment.Dispose();
            ShmUnlink("/" + name);
            throw;
        }
    }

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request)
    {
        // Named at creation: macOS has no way to link a shared-memory object into place.
    }

    public NativeSegment? Open(string name, in SegmentOpenRequest request)
    {
        if (request.LastProcessOut)
        {
            throw new PlatformNotSupportedException($"Shared array '{name}': SegmentLifetime.LastProcessOut needs Linux.");
        }
        var fd = (int)ShmOpen("/" + name, (request.Writable ? PalReadWrite : 0) | PalCloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENOENT
                ? null
                : throw new SharedArrayAccessException($"Shared array '{name}': shm_open failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        var segment = new MacSegment(fd, name);
        try
        {
            var status = segment.Describe();
            if (status.Uid != GetEuid() && !request.AllowForeignOwner)
            {
                throw new SharedArrayAccessException(
                    $"Shared array '{name}' is owned by user {status.Uid}, not by this user; refusing to {request.Action} it. {ForeignSegment.Remedy(request.Action)}");
            }
            if (status.Size < 8)
            {
                throw new SharedArrayFormatException($"Shared array '{name}' has an invalid header: the segment is {status.Size} bytes.");
            }
            segment.Map(status.Size, request.Writable);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public bool Delete(string name, string? directory, bool allowForeignOwner) =>
        ShmUnlink("/" + name) == 0 || Marshal.GetLastPInvokeError() == ENOENT;

    public bool Exists(string name, string? directory)
    {
        var fd = (int)ShmOpen("/" + name, PalCloseOnExec, 0);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError() != ENOENT;
        }
        Close(fd);
        return true;
    }

    public IReadOnlyList<string> List(string? directory) => [];

    public HugePageSupport DescribeHugePages(string? directory) => NoHugePages.Describe("macOS");

    [LibraryImport(DotNetNative, EntryPoint = "SystemNative_ShmOpen", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ShmOpen(string name, int flags, int mode);

    [LibraryImport(DotNetNative, EntryPoint = "SystemNative_ShmUnlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ShmUnlink(string name);

    [LibraryImport(SystemLibrary, EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int FTruncate(int fd, long length);

    [LibraryImport(SystemLibrary, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(SystemLibrary, EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport(SystemLibrary, EntryPoint = "fstat", SetLastError = true)]
    internal static partial int FStat(int fd, MacStat* status);

    [LibraryImport(SystemLibrary, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(SystemLibrary, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(nint address, nuint length);

    /// <summary>Darwin's 64-bit-inode <c>struct stat</c>, the same on x64 and arm64.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    internal struct MacStat
    {
        [FieldOffset(0)] public int Device;
        [FieldOffset(4)] public ushort Mode;
        [FieldOffset(8)] public ulong Inode;
        [FieldOffset(16)] public uint Uid;
        [FieldOffset(96)] public long Size;
    }

    private sealed class MacSegment(int fd, string name) : NativeSegment
    {
        private int _fd = fd;

        public MacStat Describe()
        {
            MacStat status;
            if (FStat(_fd, &status) != 0)
            {
                throw new IOException($"Shared array '{name}': fstat failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
            OwnerId = status.Uid;
            Mode = status.Mode & 0xFFF;
            Identity = new SegmentIdentity("shm", (ulong)status.Device, status.Inode);
            return status;
        }

        public void Map(long length, bool writable)
        {
            Describe();
            var address = Mmap(0, (nuint)length, writable ? ProtRead | ProtWrite : ProtRead, MapShared, _fd, 0);
            if (address == -1)
            {
                throw new IOException($"Shared array '{name}': cannot map {length} bytes: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
            Length = length;
            Size = length;
            Writable = writable;
            SetHandle(address);
        }

        /// <summary>Removes the name only while it still names this segment, not a newer one made under the same name.</summary>
        public override bool UnlinkIfStillNamed(TimeSpan patience)
        {
            var fd = (int)ShmOpen("/" + name, PalCloseOnExec, 0);
            if (fd < 0)
            {
                return Marshal.GetLastPInvokeError() == ENOENT;
            }
            MacStat status;
            var same = FStat(fd, &status) == 0 && (ulong)status.Device == Identity.Device && status.Inode == Identity.Inode;
            MacSharedMemory.Close(fd);
            return same && (ShmUnlink("/" + name) == 0 || Marshal.GetLastPInvokeError() == ENOENT);
        }

        protected override void Unmap() => Munmap(handle, (nuint)Length);

        protected override void CloseSource()
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                MacSharedMemory.Close(fd);
            }
        }
    }
}
