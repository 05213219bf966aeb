using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>
/// A named, typed, N-dimensional array in shared memory that other processes (and numpy peers)
/// map at the same time. Elements are in C order. Dispose it to unmap; the segment itself stays
/// unless its <see cref="SegmentLifetime"/> says otherwise or <see cref="SharedArray.Delete(string, DeleteOptions?)"/> removes it.
/// </summary>
/// <typeparam name="T">The element type; cdxcore's dtypes are readable by numpy peers.</typeparam>
public sealed unsafe partial class SharedArray<T> : ISharedArray where T : unmanaged
{
    private ArrayState<T> _state;
    private readonly ILogger? _logger;

    /// <summary>Where this array's activity messages go, for savers outside this class (.npy).</summary>
    internal ILogger? Logger => _logger;

    internal SharedArray(SegmentMapping mapping, string name, SegmentLifetime lifetime, ILogger? logger)
    {
        _state = new ArrayState<T>(mapping, name, lifetime);
        _logger = logger;
    }

    /// <summary>The segment name.</summary>
    public string Name => _state.Name;

    /// <summary>The extent of each dimension; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _state.Shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _state.Rank;

    /// <summary>The number of elements (1 for a scalar).</summary>
    public long Length => _state.Length;

    /// <summary>The bytes the elements take.</summary>
    public long ByteLength => _state.ByteLength;

    /// <summary>
    /// Whether the segment's name still names this array's segment: false once it was deleted or
    /// replaced (a <see cref="CreateOptions.Force"/> create elsewhere: the last one wins, and the
    /// arrays of the replaced segment go on working on memory nobody else can reach). One <c>statx</c>.
    /// </summary>
    public bool IsCurrent => _state.IsCurrent;

    /// <summary>
    /// The identity of this array's segment: different for every segment ever made under the name, even when a
    /// replacement (a <see cref="CreateOptions.Force"/> create elsewhere) is at the same version. An opaque string,
    /// compared for equality only; on Linux and macOS <c>DEVICE:INODE-NONCE</c> (hex): the file's device and inode
    /// and the random nonce written into the sync block at creation; on Windows the nonce alone. A segment cdxcore
    /// or numpy made has no nonce (its id is the inode part alone; empty on Windows). What a peer can fake:
    /// docs/guarantees.md ("Segment identity").
    /// </summary>
    public string SegmentId => _state.SegmentId;

    /// <summary>
    /// Whether every page of the segment is backed, so that no access can fail for want of space.
    /// False only for a sparse segment another process made (numpy sizes with <c>ftruncate</c>) that
    /// this process could not reserve because it may not write the file; see docs/guarantees.md.
    /// </summary>
    public bool IsReserved => _state.IsReserved;

    /// <summary>
    /// Whether the whole segment is on huge pages (see <see cref="HugePages"/>): <see cref="HugePageBytes"/>
    /// covers all of it. False for a segment that is only partly on them (a create that fell back part
    /// way because memory was too fragmented), and off Linux.
    /// </summary>
    public bool UsesHugePages => _state.UsesHugePages;

    /// <summary>
    /// How many bytes of the segment are on huge pages, read from <c>/proc/self/smaps</c>
    /// (<c>ShmemPmdMapped</c>, <c>FilePmdMapped</c>) after mapping the segment's pages into this process
    /// (which allocates nothing: the pages are reserved). It walks the kernel's page tables, so ask it
    /// once, not in a loop. 0 off Linux and on a mount without huge pages.
    /// </summary>
    public long HugePageBytes => _state.HugePageBytes;

    /// <summary>
    /// Waits until this process has finished moving the segment onto huge pages. A segment made here with
    /// <see cref="HugePages.Prefer"/> on a tmpfs that offers them starts on 4 KiB pages and is collapsed into
    /// huge pages in the background after <c>Create</c> or <c>Load</c> returns (a page at a time, about
    /// 3 ms per 2 MiB on an idle virtual machine; see docs/huge-pages.md); <see cref="HugePageBytes"/> shows
    /// the move as it goes. True once it is over (or when there was none to wait for: <see cref="HugePages.Off"/>,
    /// <see cref="HugePages.Require"/>, a segment made by another process), false when <paramref name="timeout"/>
    /// ran out first. How much made it is <see cref="HugePageBytes"/> then: the move skips what the kernel
    /// could not collapse, and stops when the array is disposed or the segment's name is removed.
    /// </summary>
    /// <param name="timeout">How long to wait at most.</param>
    public bool WaitForHugePages(TimeSpan timeout) => _state.WaitForHugePages(timeout);

    /// <summary>Whether <see cref="Dispose"/> has run; every other member then throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed => _state.IsDisposed;

    /// <summary>The element at <paramref name="i"/> of a rank-1 array.</summary>
    public ref T this[long i] => ref _state.At(i);

    /// <summary>The element at (<paramref name="i"/>, <paramref name="j"/>) of a rank-2 array.</summary>
    public ref T this[long i, long j] => ref _state.At(i, j);

    /// <summary>The element at (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>) of a rank-3 array.</summary>
    public ref T this[long i, long j, long k] => ref _state.At(i, j, k);

    /// <summary>The element at (<paramref name="i"/>, <paramref name="j"/>, <paramref name="k"/>, <paramref name="l"/>) of a rank-4 array.</summary>
    public ref T this[long i, long j, long k, long l] => ref _state.At(i, j, k, l);

    /// <summary>The element at <paramref name="indices"/>, one per dimension, for any rank (none for a scalar).</summary>
    public ref T At(params scoped ReadOnlySpan<long> indices) => ref _state.At(indices);

    /// <summary>All elements in C order.</summary>
    /// <exception cref="InvalidOperationException">More than <see cref="int.MaxValue"/> elements.</exception>
    /// <remarks>
    /// A span does not keep its array alive. Keep the array open (<c>using</c>) while the span is in use:
    /// once the last array of this process on the segment is disposed or collected, the memory is unmapped.
    /// </remarks>
    public Span<T> AsSpan() => _state.AsSpan();

    /// <summary>Row <paramref name="i"/> of the leading dimension: the contiguous elements whose first index is <paramref name="i"/>.</summary>
    /// <remarks>
    /// A span does not keep its array alive. Keep the array open (<c>using</c>) while the span is in use:
    /// once the last array of this process on the segment is disposed or collected, the memory is unmapped.
    /// </remarks>
    public Span<T> Row(long i) => _state.Row(i);

    /// <summary>A reference to the first element, for code that does its own indexing; valid until disposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T DangerousGetReference() => ref *_state.Data;

    /// <summary>A pointer to the first element, 64-byte aligned; valid while this array (or another on the same segment) is open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T* DangerousGetPointer() => _state.Data;

    /// <summary>A read-only view of the same memory; disposing either leaves the other usable.</summary>
    public ReadOnlySharedArray<T> AsReadOnly()
    {
        var shared = _state.Mapping.Share() ?? throw new ObjectDisposedException(Name);
        return new ReadOnlySharedArray<T>(shared, Name, SegmentLifetime.Persistent, _logger);
    }

    /// <summary>
    /// Writes the array to <paramref name="path"/> in cdxcore's <c>to_file</c> format (header, then the elements), atomically:
    /// beside the target, then put in place. An existing file is replaced only with <see cref="SaveOptions.Overwrite"/>; a
    /// symbolic link, directory, FIFO, socket or device at the path never is.
    /// </summary>
    /// <exception cref="SharedArrayFileExistsException">A file is there and <paramref name="options"/> does not say to overwrite it.</exception>
    /// <exception cref="IOException">A link, directory, FIFO, socket or device is at the path.</exception>
    public void Save(string path, SaveOptions? options = null) => ArrayFile.Save(_state.Mapping, _state.Name, path, options ?? SaveOptions.Default, new ActivityLog(_logger));

    /// <summary>Unmaps this array (once the last array of this process on the segment is disposed); spans taken from it become invalid.</summary>
    public void Dispose()
    {
        // The region first, in one step with its creation (src/Runtime/Sync/SyncRegionSlot.cs): then the mapping.
        _sync.Close();
        _state.Dispose(new ActivityLog(_logger));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        IsDisposed ? $"SharedArray<{ElementType<T>.Name}> (disposed)" : $"{Describe.Array<T>(Name, Shape)}";
}
