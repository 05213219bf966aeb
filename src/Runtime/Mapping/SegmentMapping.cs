using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// One mapping of one segment in this process, shared by every array attached to it and counted,
/// so that disposing one array never unmaps memory another array (or a span it handed out) still uses.
/// The <see cref="NativeSegment"/> beneath is a SafeHandle: arrays that are never disposed are
/// unmapped by its finalizer once nothing refers to them; it also owns the holder state.
/// </summary>
/// <remarks>
/// A mapping is shared only while it still matches the segment: same identity (device and inode),
/// same size, and the same header bytes as when its layout was validated. A peer that grows the file
/// and rewrites the header in place therefore gets a fresh mapping, validated afresh, and no array
/// ever pairs a new layout with an old, shorter mapping (see docs/guarantees.md).
/// </remarks>
internal sealed unsafe class SegmentMapping
{
    private static readonly Lock Gate = new();
    /// <summary>The mapping each segment shares from now on; a mapping that no longer matches its segment leaves it but stays open.</summary>
    private static readonly Dictionary<MappingKey, WeakGCHandle<SegmentMapping>> Live = [];

    /// <summary>Every open mapping, shared or not, for <see cref="Contains"/>.</summary>
    private static readonly HashSet<WeakGCHandle<SegmentMapping>> Open = [];

    /// <summary>
    /// This mapping, weakly, as <see cref="Live"/> and <see cref="Open"/> hold it: a handle and not a
    /// <see cref="WeakReference{T}"/>, which is finalizable and cost every attach a finalizer run and a
    /// promotion. <see cref="Release"/> frees it; a mapping collected instead leaves it dead in both,
    /// and <see cref="SweepCollected"/> alone frees those.
    /// </summary>
    private readonly WeakGCHandle<SegmentMapping> _self;

    private readonly MappingKey _key;
    /// <summary>The header bytes the layout was validated from, to tell an in-place rewrite by a peer.</summary>
    private readonly byte[] _header;
    private int _users;

    private SegmentMapping(NativeSegment native, SegmentLayout layout, MappingKey key)
    {
        Native = native;
        Layout = layout;
        _key = key;
        _header = new ReadOnlySpan<byte>(native.Address, layout.FileHeaderLength).ToArray();
        _nonce = SegmentIds.Nonce(native, layout);
        _self = new WeakGCHandle<SegmentMapping>(this);
    }

    public NativeSegment Native { get; }

    public SegmentLayout Layout { get; }

    /// <summary>The nonce of the segment's sync block as it was when mapped (0: none): the identity's part that memory holds.</summary>
    private readonly ulong _nonce;

    /// <summary>
    /// The segment's public identity (src/Runtime/Mapping/SegmentIds.cs), from what was read when it was mapped;
    /// formatted when asked, so that creating and attaching allocate no text.
    /// </summary>
    public string SegmentId => SegmentIds.Format(Native.Identity, _nonce);

    public byte* Address => Native.Address;

    /// <summary>
    /// The mapping already open for the segment <paramref name="opened"/> was opened on, with one more
    /// user, if it still matches the segment as it is now (size and header bytes); otherwise <c>null</c>,
    /// and the caller maps <paramref name="opened"/> afresh.
    /// </summary>
    public static SegmentMapping? TryShare(NativeSegment opened)
    {
        lock (Gate)
        {
            var key = new MappingKey(opened.Identity, opened.Writable);
            if (Live.TryGetValue(key, out var weak) && weak.TryGetTarget(out var mapping) && mapping.Matches(opened.Size) && mapping.TryAddUser())
            {
                return mapping;
            }
            return null;
        }
    }

    /// <summary>
    /// One more user of this very mapping (a view of an array that is open, a coordination member
    /// while it runs), or <c>null</c> once it is closed. Lock-free: every coordination member calls it.
    /// </summary>
    public SegmentMapping? Share() => TryAddUser() ? this : null;

    /// <summary>
    /// Registers a freshly mapped segment whose header gave <paramref name="layout"/>, or hands it back
    /// closed in favour of a matching mapping another thread registered first. A mapping that no longer
    /// matches stays valid for its arrays but is no longer shared.
    /// </summary>
    /// <param name="native">The segment as this thread mapped it.</param>
    /// <param name="layout">What its header says.</param>
    /// <param name="created">
    /// Whether <paramref name="native"/> is a creator's, published a moment ago with its holder state already
    /// counted on it (src/Runtime/Mapping/SegmentTransaction.cs): it is never handed back closed, since closing it
    /// would end that holder state (a DeleteOnDispose creator would remove the name it just published). An
    /// attacher of this process that mapped the new name first keeps its own mapping, no longer shared.
    /// </param>
    public static SegmentMapping Register(NativeSegment native, SegmentLayout layout, bool created = false)
    {
        lock (Gate)
        {
            var key = new MappingKey(native.Identity, native.Writable);
            SegmentMapping? existing = null;
            var known = Live.TryGetValue(key, out var weak);
            if (known && weak.TryGetTarget(out existing) && !created
                && existing.Matches(native.Length) && existing.Layout.FileHeaderLength == layout.FileHeaderLength
                && new ReadOnlySpan<byte>(native.Address, layout.FileHeaderLength).SequenceEqual(existing._header)
                && existing.TryAddUser())
            {
                native.Dispose();
                return existing;
            }
            if (known && existing is null)
            {
                // The segment's last mapping was collected without a release: its handle is freed now.
                SweepCollected();
            }
            var mapping = new SegmentMapping(native, layout, key) { _users = 1 };
            Live[key] = mapping._self;
            Open.Add(mapping._self);
            return mapping;
        }
    }

    /// <summary>
    /// Whether this mapping still covers the segment as it is: open, the segment's current
    /// <paramref name="size"/> equal to what is mapped, and the header bytes unchanged. The size is
    /// compared first, so a segment a peer cut short is never read through the old mapping here.
    /// </summary>
    private bool Matches(long size) =>
        !Native.IsClosed && Volatile.Read(ref _users) > 0 && size == Native.Length
        && new ReadOnlySpan<byte>(Native.Address, _header.Length).SequenceEqual(_header);

    /// <summary>One more array of <paramref name="lifetime"/> uses this mapping; see <see cref="NativeSegment.Join"/>.</summary>
    public bool Join(SegmentLifetime lifetime, string name, TimeSpan lockTimeout, Microsoft.Extensions.Logging.ILogger? logger) =>
        Native.Join(lifetime, name, lockTimeout, logger);

    /// <summary>One array of <paramref name="lifetime"/> is done with it; see <see cref="NativeSegment.Leave"/>.</summary>
    public bool Leave(SegmentLifetime lifetime) => Native.Leave(lifetime);

    /// <summary>
    /// One more user of this very mapping (a <c>Memory&lt;T&gt;</c> of it); false once it is unmapped.
    /// The count never rises again from 0: the release that reached 0 is unmapping it.
    /// </summary>
    public bool TryAddUser()
    {
        while (true)
        {
            var users = Volatile.Read(ref _users);
            if (users == 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return true;
            }
        }
    }

    /// <summary>One user is done; the last one unmaps.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) > 0)
        {
            return;
        }
        lock (Gate)
        {
            if (Live.TryGetValue(_key, out var current) && current.Equals(_self))
            {
                Live.Remove(_key);
            }
            Open.Remove(_self);
            _self.Dispose();
        }
        Native.Dispose();
    }

    /// <summary>Whether <paramref name="address"/> .. + <paramref name="length"/> lies inside a live mapping of this process.</summary>
    public static bool Contains(byte* address, long length)
    {
        lock (Gate)
        {
            SweepCollected();
            foreach (var weak in Open)
            {
                if (weak.TryGetTarget(out var mapping) && !mapping.Native.IsClosed
                    && address >= mapping.Address && address + length <= mapping.Address + mapping.Native.Length)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Drops the handles of mappings that were collected without a release from <see cref="Live"/>
    /// and then from <see cref="Open"/>, which holds every one, and frees each once: the one place that
    /// frees a handle it did not allocate. Called under <see cref="Gate"/>.
    /// </summary>
    private static void SweepCollected()
    {
        List<MappingKey>? collected = null;
        foreach (var (key, weak) in Live)
        {
            if (!weak.TryGetTarget(out _))
            {
                (collected ??= []).Add(key);
            }
        }
        foreach (var key in collected ?? [])
        {
            Live.Remove(key);
        }
        Open.RemoveWhere(static weak =>
        {
            if (weak.TryGetTarget(out _))
            {
                return false;
            }
            weak.Dispose();
            return true;
        });
    }

    private readonly record struct MappingKey(SegmentIdentity Identity, bool Writable);
}
