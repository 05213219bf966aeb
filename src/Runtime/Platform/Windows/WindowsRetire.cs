using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// The retired mark on Windows (docs/format.md, "Retiring"): when <c>Delete</c> or a
/// <c>DeleteOnDispose</c> array marks a segment deleted in its trailer (Windows cannot free a held
/// name), its sync block is retired too, so that whoever waits for its next version — in any
/// process — wakes and ends instead of sleeping on a segment nobody will publish to again.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsRetire
{
    /// <summary>Retires the sync block of the mapped segment at <paramref name="segment"/>, if it has a whole one of this layout.</summary>
    public static void SyncBlockOf(byte* segment, long length, string name)
    {
        SegmentLayout layout;
        try
        {
            var headerBytes = (int)Math.Min(length, SegmentLayout.MaxHeaderBytes);
            layout = SegmentLayout.Parse(new ReadOnlySpan<byte>(segment, headerBytes), length, HeaderSubject.Segment(name), isFile: false);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidDataException)
        {
            // No header to find the block by (a neighbour rewrote it): nothing to retire.
            return;
        }
        if (layout.SyncBlockOffset + SyncBlock.Length > length)
        {
            return;
        }
        var block = segment + layout.SyncBlockOffset;
        if (new ReadOnlySpan<byte>(block, SyncBlock.Magic.Length).SequenceEqual(SyncBlock.Magic)
            && Volatile.Read(ref *(uint*)(block + SyncBlock.LayoutVersionOffset)) == SyncBlock.CurrentLayoutVersion)
        {
            SyncRegion.Retire(block);
        }
    }
}
