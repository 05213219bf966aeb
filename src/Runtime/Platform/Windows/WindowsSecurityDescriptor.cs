using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// A security descriptor this process owns (freed with <c>LocalFree</c> at Dispose), for the kernel
/// objects and files that coordinate a segment: they get the access list of the segment itself, so
/// whoever may open the segment may wait, wake and lock on it, and nobody else (docs/guarantees.md,
/// "Windows").
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsSecurityDescriptor : IDisposable
{
    private nint _descriptor;

    private WindowsSecurityDescriptor(nint descriptor) => _descriptor = descriptor;

    /// <summary>Security attributes that point at this descriptor, valid while it is not disposed.</summary>
    public Kernel32.SecurityAttributes Attributes => new()
    {
        Length = sizeof(Kernel32.SecurityAttributes),
        SecurityDescriptor = _descriptor != 0 ? _descriptor : throw new ObjectDisposedException(nameof(WindowsSecurityDescriptor)),
    };

    /// <summary>The access list (DACL) of the kernel object <paramref name="handle"/>, as a descriptor of its own.</summary>
    public static WindowsSecurityDescriptor AccessListOf(string subject, nint handle)
    {
        nint descriptor = 0, dacl = 0;
        var error = Kernel32.GetSecurityInfo(handle, Kernel32.SeKernelObject, Kernel32.DaclSecurityInformation, null, null, &dacl, null, &descriptor);
        if (error != 0)
        {
            throw new IOException($"{subject}: cannot read the access list of its mapping: {Marshal.GetPInvokeErrorMessage((int)error)}.");
        }
        return new WindowsSecurityDescriptor(descriptor);
    }

    /// <summary>The descriptor written in SDDL (see <see cref="WindowsSecurity.Descriptor"/>).</summary>
    public static WindowsSecurityDescriptor FromSddl(string subject, string sddl)
    {
        if (!Kernel32.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl, 1, out var raw, 0))
        {
            throw new IOException($"{subject}: cannot build the security descriptor '{sddl}': {Kernel32.LastError()}.");
        }
        return new WindowsSecurityDescriptor(raw);
    }

    public void Dispose()
    {
        var descriptor = Interlocked.Exchange(ref _descriptor, 0);
        if (descriptor != 0)
        {
            Kernel32.LocalFree(descriptor);
        }
    }
}
