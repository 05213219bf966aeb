namespace SharedTyped.Diagnostics;

/// <summary>
/// What the system says about a segment's name without reading its header: see <see cref="SharedMemory.Stat"/>.
/// It needs no read permission on the segment where the system can tell without opening it (Linux).
/// </summary>
/// <param name="Name">The segment name.</param>
/// <param name="Location">Where the name lives: <c>/dev/shm/prices</c> on Linux, the object name elsewhere.</param>
/// <param name="Bytes">The segment's whole size.</param>
/// <param name="OwnerId">The owning user id, or -1 where the system has none.</param>
/// <param name="Mode">The permission bits, or -1 where the system has none.</param>
/// <param name="IsRegularFile">False for a link, directory, FIFO or device under the name: never a segment.</param>
/// <param name="Holders">
/// The processes counted among the holders of a <see cref="SegmentLifetime.LastProcessOut"/> segment (their shared
/// locks, from <c>/proc/locks</c>): empty when none holds it, null where the system cannot tell.
/// </param>
public sealed record SegmentStat(string Name, string Location, long Bytes, long OwnerId, int Mode, bool IsRegularFile, IReadOnlyList<int>? Holders)
{
    /// <summary>
    /// What the name's holders say about its lifetime: <see cref="SegmentLifetime.LastProcessOut"/> while any process
    /// holds it, otherwise <see cref="SegmentLifetime.Persistent"/>; null where the system cannot tell.
    /// (<see cref="SegmentLifetime.DeleteOnDispose"/> lives in the process that chose it and leaves no mark on the segment.)
    /// </summary>
    public SegmentLifetime? ApparentLifetime =>
        Holders is null ? null : Holders.Count > 0 ? SegmentLifetime.LastProcessOut : SegmentLifetime.Persistent;
}
