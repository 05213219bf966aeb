using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SharedTyped.TestSupport;

/// <summary>
/// A segment's bytes on Windows, read and written the way a hostile or buggy same-user process could:
/// through the named mapping itself, since Windows has no file of it. The length is the one the
/// creator stored in the trailer (src/Runtime/Platform/Windows/WindowsSegmentTrailer.cs, the one home
/// of that layout); a hand-written segment gets a trailer of its own so that its length is exactly
/// the image's, as on Linux. A mapping lives while a handle to it is open, so <see cref="Segments.WriteRaw"/>
/// holds the ones it writes until <see cref="Segments.Remove"/>.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsMappings
{
    /// <summary>The bytes of the segment, up to its stored length; throws <see cref="FileNotFoundException"/> when no mapping has the name.</summary>
    public static byte[] ReadBytes(string name)
    {
        using var map = MemoryMappedFile.OpenExisting(name, MemoryMappedFileRights.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            start += view.PointerOffset;
            var mapped = (long)view.SafeMemoryMappedViewHandle.ByteLength - view.PointerOffset;
            var trailer = WindowsSegmentTrailer.Find(start, mapped);
            var length = trailer is null ? mapped : WindowsSegmentTrailer.StoredLength(trailer, mapped) ?? mapped;
            return new ReadOnlySpan<byte>(start, checked((int)length)).ToArray();
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Makes a mapping holding exactly <paramref name="bytes"/>; it lives while the returned handle is open.</summary>
    public static MemoryMappedFile WriteRaw(string name, ReadOnlySpan<byte> bytes)
    {
        var size = WindowsSegmentTrailer.MappingSize(bytes.Length);
        var map = MemoryMappedFile.CreateNew(name, size);
        using (var view = map.CreateViewAccessor(0, size))
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                start += view.PointerOffset;
                bytes.CopyTo(new Span<byte>(start, bytes.Length));
                WindowsSegmentTrailer.Write(start, size, bytes.Length);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        return map;
    }

    /// <summary>
    /// The owner and access list of the named mapping, in SDDL (<c>O:S-1-5-21-…D:P(A;;GA;;;S-1-5-21-…)</c>),
    /// read through a handle opened with nothing but <c>READ_CONTROL</c>.
    /// </summary>
    public static string SecurityDescriptorOf(string name)
    {
        const uint readControl = 0x00020000, ownerAndDacl = 0x1 | 0x4;
        var handle = OpenFileMappingW(readControl, false, name);
        if (handle == 0)
        {
            throw new FileNotFoundException($"No mapping '{name}' to read the security of (error {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            nint owner = 0, dacl = 0, descriptor = 0;
            var error = Kernel32.GetSecurityInfo(handle, Kernel32.SeKernelObject, ownerAndDacl, &owner, null, &dacl, null, &descriptor);
            if (error != 0)
            {
                throw new IOException($"GetSecurityInfo of '{name}' failed with {error}.");
            }
            try
            {
                if (!ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, 1, ownerAndDacl, out var text, out _))
                {
                    throw new IOException($"The security descriptor of '{name}' cannot be written as SDDL (error {Marshal.GetLastPInvokeError()}).");
                }
                try
                {
                    return Marshal.PtrToStringUni(text)!;
                }
                finally
                {
                    Kernel32.LocalFree(text);
                }
            }
            finally
            {
                Kernel32.LocalFree(descriptor);
            }
        }
        finally
        {
            Kernel32.CloseHandle(handle);
        }
    }

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern nint OpenFileMappingW(uint access, [MarshalAs(UnmanagedType.Bool)] bool inherit, string name);

    [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool ConvertSecurityDescriptorToStringSecurityDescriptorW(nint descriptor, uint revision, uint information, out nint text, out uint length);
}
