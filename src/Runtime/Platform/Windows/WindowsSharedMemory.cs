using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// Windows: a named file mapping backed by the paging file. What differs from Linux, and why, is in
/// docs/guarantees.md ("Windows"): a mapping goes with its last handle, so no segment outlives the
/// processes that hold it (Persistent means "while some process holds it") and a name cannot be freed
/// while it is held, so Delete and DeleteOnDispose mark the segment deleted (no one attaches it any
/// more) and Force refuses a held name; there is no directory of segments to list or to choose.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsSharedMemory : ISharedMemoryPlatform
{
    /// <summary>What follows an optional <c>Local\</c> or <c>Global\</c>; see <see cref="CodeAnalysis.SegmentNameRules.MaxWindowsBytes"/>.</summary>
    public int MaxNameBytes => CodeAnalysis.SegmentNameRules.MaxWindowsBytes;

    public IReadOnlyList<string> NamePrefixes => WindowsNames.Prefixes;

    public string Locate(string name, string? directory) => WindowsNames.Qualified(name);

    public NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request)
    {
        NoDirectory(name, request.Directory);
        NoHugePages.RefuseRequire(name, request, "Windows");
        var descriptor = WindowsSecurity.Descriptor(name, request.Permissions);
        var size = WindowsSegmentTrailer.MappingSize(length);
        var error = 0;
        var mapping = WindowsSecurity.WithAttributes(name, descriptor, attributes =>
        {
            unsafe
            {
                var handle = Kernel32.CreateFileMapping(-1, (Kernel32.SecurityAttributes*)attributes, Kernel32.PageReadWrite, (uint)((ulong)size >> 32), (uint)size, name);
                error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                return handle;
            }
        });
        if (mapping == 0)
        {
            throw error switch
            {
                Kernel32.ErrorNotEnoughMemory or Kernel32.ErrorCommitmentLimit =>
                    new SharedArrayOutOfSpaceException($"Shared array '{name}' needs {length} bytes; the system cannot commit them.", length, -1),
                Kernel32.ErrorAccessDenied => new SharedArrayExistsException(
                    ExistsMessage.For(name, null, ForceNote(request), detail: "belongs to another user (its mapping cannot even be opened)")),
                _ => new IOException($"Shared array '{name}': CreateFileMapping failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}."),
            };
        }
        if (error == Kernel32.ErrorAlreadyExists)
        {
            Kernel32.CloseHandle(mapping);
            throw request.Force
                ? new SharedArrayExistsException(ExistsMessage.For(name, WindowsNames.Qualified(name), ForceNote(request)))
                : SharedArrayExistsException.For(name, WindowsNames.Qualified(name));
        }
        return WindowsSegment.Map(mapping, name, writable: true, createdLength: length);
    }

    /// <summary>Why Force did not help: Windows frees a name only when the last process holding it lets go.</summary>
    private static string? ForceNote(in SegmentCreateRequest request) => request.Force
        ? "Force cannot replace it on Windows: a mapping lives while any process holds it open, and its name with it."
        : null;

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request)
    {
        // Named since CreateHidden; the header's first word, set last, makes it whole for attachers.
        ((WindowsSegment)segment).Publish();
        // Then whoever waits for the name (AttachWhenCreated) looks again.
        WindowsNameWatch.Announce(name);
    }

    public NativeSegment? Open(string name, in SegmentOpenRequest request)
    {
        NoDirectory(name, request.Directory);
        var access = request.Writable ? Kernel32.FileMapRead | Kernel32.FileMapWrite : Kernel32.FileMapRead;
        // READ_CONTROL too: the owner check reads the mapping's security descriptor through this handle.
        var mapping = Kernel32.OpenFileMapping(access | Kernel32.ReadControl, false, name);
        if (mapping == 0)
        {
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return error switch
            {
                Kernel32.ErrorFileNotFound => null,
                Kernel32.ErrorAccessDenied => throw new SharedArrayAccessException($"Shared array '{name}': access denied."),
                _ => throw new IOException($"Shared array '{name}': OpenFileMapping failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}."),
            };
        }
        var segment = WindowsSegment.Map(mapping, name, request.Writable, createdLength: null);
        try
        {
            WindowsSecurity.CheckOwner(name, segment.MappingHandle, request.AllowForeignOwner, "attach");
            // Still being built by its creator, or deleted and only held open: not there.
            if (!segment.IsPublished || segment.IsDeleted)
            {
                segment.Dispose();
                return null;
            }
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    public PendingName Pending(string name, string? directory)
    {
        NoDirectory(name, directory);
        var mapping = Kernel32.OpenFileMapping(Kernel32.FileMapRead, false, name);
        if (mapping == 0)
        {
            // Gone, or another user's that this user may not open (an attach says so itself).
            return PendingName.None;
        }
        using var segment = WindowsSegment.Map(mapping, name, writable: false, createdLength: null);
        return segment.IsDeleted ? PendingName.Deleted
            : !segment.IsPublished ? PendingName.BeingCreated
            : PendingName.None;
    }

    public bool Delete(string name, string? directory, bool allowForeignOwner)
    {
        NoDirectory(name, directory);
        var mapping = Kernel32.OpenFileMapping(Kernel32.FileMapRead | Kernel32.FileMapWrite | Kernel32.ReadControl, false, name);
        if (mapping == 0)
        {
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return error switch
            {
                Kernel32.ErrorFileNotFound => true,
                Kernel32.ErrorAccessDenied => throw new SharedArrayAccessException($"Shared array '{name}': access denied; it belongs to another user."),
                _ => throw new IOException($"Shared array '{name}': OpenFileMapping failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}."),
            };
        }
        using (var segment = WindowsSegment.Map(mapping, name, writable: true, createdLength: null))
        {
            WindowsSecurity.CheckOwner(name, segment.MappingHandle, allowForeignOwner, "delete");
            if (!segment.HasTrailer)
            {
                // Nothing marks it deleted (docs/guarantees.md, "Windows"): saying it went would be false.
                throw new IOException(
                    $"Shared array '{name}': its mapping was not made by SharedTyped (cdxcore and numpy make such), so it cannot be marked deleted; " +
                    "Windows frees it, and its name, when the last process holding it closes it.");
            }
            segment.UnlinkIfStillNamed(TimeSpan.Zero);
        }
        // Free only if no other process holds it: then closing this handle was the last.
        var again = Kernel32.OpenFileMapping(Kernel32.FileMapRead, false, name);
        if (again == 0)
        {
            return true;
        }
        Kernel32.CloseHandle(again);
        return false;
    }

    public bool Exists(string name, string? directory)
    {
        try
        {
            using var segment = Open(name, new SegmentOpenRequest(directory, Writable: false, AllowForeignOwner: true, LastProcessOut: false));
            return segment is not null;
        }
        catch (SharedArrayAccessException)
        {
            // Another user's segment that this user may not even open: it is there all the same.
            return true;
        }
    }

    public IReadOnlyList<string> List(string? directory) => throw new PlatformNotSupportedException(
        "SharedMemory.List is not available on Windows: named mappings live in the object manager's namespace, which has no listing a program can rely on. Keep the names you create.");

    public HugePageSupport DescribeHugePages(string? directory) => NoHugePages.Describe("Windows");

    private static void NoDirectory(string name, string? directory)
    {
        if (directory is not null)
        {
            throw new PlatformNotSupportedException(
                $"Shared array '{name}': Directory '{directory}' cannot be used on Windows, which has no directory of segments; a name lives in the session's namespace (Local\\) or the global one (Global\\).");
        }
    }
}
