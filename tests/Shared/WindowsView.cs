using System.Runtime.Versioning;

namespace SharedTyped.TestSupport;

/// <summary>
/// A view of a segment this process mapped on Windows, for the tests that check that a disposed array gives
/// its view back (Windows has no /proc/self/maps): where the view starts and the bytes it started with,
/// taken while the array is attached, through the runtime's own Win32 declarations
/// (src/Runtime/Platform/Windows/Kernel32.cs). Linked into the tests and the peer that check it, so that
/// both count a view by the same rule (<see cref="IsMapped"/>).
/// </summary>
internal sealed unsafe class WindowsView
{
    private WindowsView(nint start, byte[] bytes)
    {
        Start = start;
        Bytes = bytes;
    }

    /// <summary>Where the view starts (<c>VirtualQuery</c>'s allocation base).</summary>
    public nint Start { get; }

    /// <summary>The bytes from <see cref="Start"/> up to the end given to <see cref="Of"/>, as they were then.</summary>
    public byte[] Bytes { get; }

    /// <summary>
    /// The view that holds the bytes just before <paramref name="end"/>, with its bytes from its start up to
    /// <paramref name="end"/>: a segment's header (up to its data), or the header and the first elements when
    /// the test wrote values there that no other segment has.
    /// </summary>
    [SupportedOSPlatform("windows")]
    public static WindowsView Of(void* end)
    {
        Kernel32.MemoryBasicInformation info;
        var last = (nint)end - 1;
        if (Kernel32.VirtualQuery(last, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) == 0)
        {
            throw new InvalidOperationException($"VirtualQuery found nothing at 0x{last:x}.");
        }
        var length = checked((int)((nint)end - info.AllocationBase));
        return new WindowsView(info.AllocationBase, new ReadOnlySpan<byte>((void*)info.AllocationBase, length).ToArray());
    }

    /// <summary>
    /// Whether the view is still mapped: the mapping at <see cref="Start"/> is a view of a section
    /// (<c>MEM_MAPPED</c>) that starts there, is committed and readable, and still starts with
    /// <see cref="Bytes"/>. The address alone cannot tell the view from another mapping the system put at the
    /// freed address later; the bytes tell it from any mapping that does not start as this segment does.
    /// (Only <see cref="Of"/> is marked Windows's: a view is only ever made there.)
    /// </summary>
    public bool IsMapped
    {
        get
        {
            Kernel32.MemoryBasicInformation info;
            return Kernel32.VirtualQuery(Start, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) != 0
                && info.Type == Kernel32.MemMapped && info.AllocationBase == Start && info.State == Kernel32.MemCommit
                && (info.Protect & Kernel32.PageNoAccessOrGuard) == 0 && info.RegionSize >= (nuint)Bytes.Length
                && new ReadOnlySpan<byte>((void*)Start, Bytes.Length).SequenceEqual(Bytes);
        }
    }
}
