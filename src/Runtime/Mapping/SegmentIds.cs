using System.Globalization;

namespace SharedTyped;

/// <summary>
/// The public identity of a segment (<see cref="SharedArray{T}.SegmentId"/>, <see cref="SegmentInfo.SegmentId"/>):
/// what tells a segment from the one that replaced it under the same name, even when both are at the same
/// version. docs/guarantees.md ("Segment identity") says what it is made of and what a peer can fake.
/// </summary>
/// <remarks>
/// Two parts, each present where the platform or the segment has it, joined by <c>-</c>:
/// <list type="bullet">
/// <item>the kernel's identity of the file, <c>DEVICE:INODE</c> in lower-case hex (Linux, macOS): given by the
/// kernel, so no peer can make another file carry it, but a file system may hand a freed inode number to a
/// later file;</item>
/// <item>the 16 hex digits of the random nonce SharedTyped writes into the sync block at creation
/// (<see cref="SyncBlock.NonceOffset"/>), which tells apart two files that got the same inode number one after
/// the other, and is all there is on Windows (a mapping has no inode there).</item>
/// </list>
/// Empty when neither exists (on Windows, a mapping cdxcore or numpy made).
/// </remarks>
internal static unsafe class SegmentIds
{
    /// <summary>The identity of the mapped segment <paramref name="native"/> whose header gave <paramref name="layout"/>.</summary>
    public static string Of(NativeSegment native, SegmentLayout layout) => Format(native.Identity, Nonce(native, layout));

    /// <summary>The nonce of the segment's sync block, or 0 when it has none of the current layout.</summary>
    public static ulong Nonce(NativeSegment native, SegmentLayout layout)
    {
        var block = SyncBlock.Find(native, layout, out var layoutVersion);
        return block != null && layoutVersion == SyncBlock.CurrentLayoutVersion ? SyncBlock.Nonce(block) : 0;
    }

    /// <summary>The text of an identity made of the kernel's <paramref name="identity"/> of the file and a sync block's <paramref name="nonce"/>.</summary>
    public static string Format(SegmentIdentity identity, ulong nonce)
    {
        var kernel = identity.Device != 0 || identity.Inode != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{identity.Device:x}:{identity.Inode:x}")
            : null;
        var random = nonce != 0 ? nonce.ToString("x16", CultureInfo.InvariantCulture) : null;
        return (kernel, random) switch
        {
            ({ } k, { } r) => $"{k}-{r}",
            ({ } k, null) => k,
            (null, { } r) => r,
            _ => "",
        };
    }
}
