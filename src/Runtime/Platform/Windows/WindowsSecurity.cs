using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Principal;

namespace SharedTyped;

/// <summary>
/// Who may open a Windows segment: the security descriptor a new mapping gets from
/// <see cref="SegmentPermissions"/>, and the owner check of attach and delete (the counterpart of
/// the uid check on Linux). See docs/guarantees.md ("Windows").
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsSecurity
{
    /// <summary>The SID of the user this process runs as (<c>S-1-5-21-…</c>).</summary>
    public static string CurrentUser { get; } = WindowsIdentity.GetCurrent().User?.Value
        ?? throw new PlatformNotSupportedException("Windows gave this process no user SID.");

    /// <summary>
    /// The descriptor, in SDDL, of a new segment: owned by this user, who alone has full access
    /// (<see cref="SegmentPermissions.Owner"/>), or with read and write for every user too
    /// (<see cref="SegmentPermissions.Everyone"/>). <see cref="SegmentPermissions.Group"/> has no
    /// counterpart (a Windows user has no group that owns its objects the way a Unix file has) and is refused.
    /// </summary>
    public static string Descriptor(string name, SegmentPermissions permissions) => permissions switch
    {
        SegmentPermissions.Owner => $"O:{CurrentUser}D:P(A;;GA;;;{CurrentUser})",
        SegmentPermissions.Everyone => $"O:{CurrentUser}D:P(A;;GA;;;{CurrentUser})(A;;GRGWGX;;;WD)",
        SegmentPermissions.Group => throw new PlatformNotSupportedException(
            $"Shared array '{name}': SegmentPermissions.Group has no counterpart on Windows (an object there has no owning group); use Owner or Everyone."),
        _ => throw new ArgumentOutOfRangeException(nameof(permissions), permissions, $"Shared array '{name}': unknown permissions."),
    };

    /// <summary>Runs <paramref name="create"/> with security attributes made from <paramref name="descriptor"/>.</summary>
    public static nint WithAttributes(string name, string descriptor, Func<nint, nint> create)
    {
        if (!Kernel32.ConvertStringSecurityDescriptorToSecurityDescriptor(descriptor, 1, out var raw, 0))
        {
            throw new IOException($"Shared array '{name}': cannot build the security descriptor '{descriptor}': {Kernel32.LastError()}.");
        }
        try
        {
            var attributes = new Kernel32.SecurityAttributes { Length = sizeof(Kernel32.SecurityAttributes), SecurityDescriptor = raw };
            return create((nint)(&attributes));
        }
        finally
        {
            Kernel32.LocalFree(raw);
        }
    }

    /// <summary>
    /// The SID that owns the kernel object <paramref name="handle"/>, or null when its descriptor names
    /// no valid owner. Windows gives every named object one (the creator's, when the creator's descriptor
    /// has none); Wine leaves it out for a mapping made without a descriptor (Python's mmap, .NET's
    /// MemoryMappedFile), and such a mapping is no other user's.
    /// </summary>
    public static string? OwnerOf(string name, nint handle)
    {
        nint owner = 0, descriptor = 0;
        var error = Kernel32.GetSecurityInfo(handle, Kernel32.SeKernelObject, Kernel32.OwnerSecurityInformation, &owner, null, null, null, &descriptor);
        if (error != 0)
        {
            throw new IOException($"Shared array '{name}': cannot read its owner: {Marshal.GetPInvokeErrorMessage((int)error)}.");
        }
        try
        {
            if (owner == 0 || !Kernel32.IsValidSid(owner))
            {
                return null;
            }
            if (!Kernel32.ConvertSidToStringSid(owner, out var text))
            {
                throw new IOException($"Shared array '{name}': cannot read its owner's SID: {Kernel32.LastError()}.");
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

    /// <summary>Refuses a segment another user owns, unless <paramref name="allowForeignOwner"/>.</summary>
    public static void CheckOwner(string name, nint handle, bool allowForeignOwner, string action)
    {
        if (allowForeignOwner)
        {
            return;
        }
        var owner = OwnerOf(name, handle);
        if (owner is not null && !string.Equals(owner, CurrentUser, StringComparison.OrdinalIgnoreCase))
        {
            throw new SharedArrayAccessException(
                $"Shared array '{name}' belongs to {owner}, not to this user ({CurrentUser}); refusing to {action} it. {ForeignSegment.Remedy(action)}");
        }
    }
}
