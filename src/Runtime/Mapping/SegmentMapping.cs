namespace SharedTyped;

/// <summary>
/// One mapping of one segment in this process, shared by every array attached to it and counted,
/// so that disposing one array never unmaps memory another array (or a span it handed out) still uses.
/// The <see cref="NativeSegment"/> beneath is a SafeHandle: arrays that are never disposed are
/// unmapped by its finalizer once nothing refers to them.
/// </summary>
internal sealed unsafe class SegmentMapping
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<MappingKey, WeakReference<SegmentMapping>> Live = [];

    private readonly MappingKey _key;
    private int _users;

    /// <summary>Guards <see cref="_lastProcessOutUsers"/>; apart from <see cref="Gate"/> because joining may wait for a lock.</summary>
    private readonly Lock _holderGate = new();

    /// <summary>
    /// Arrays on this mapping opened with <see cref="SegmentLifetime.LastProcessOut"/>. The process
    /// holds the segment's shared lock while this is above zero; arrays of other lifetimes share the
    /// mapping but never hold, so they can neither keep the segment alive nor unlink it.
    /// </summary>
    private int _lastProcessOutUsers;

    private SegmentMapping(NativeSegment native, SegmentLayout layout, MappingKey key)
    {
        Native = native;
        Layout = layout;
        _key = key;
    }

    public NativeSegment Native { get; }

    public SegmentLayout Layout { get; }

    public byte* Address => Native.Address;

    /// <summary>The mapping already open for this segment, with one more user, or <c>null</c>.</summary>
    public static SegmentMapping? TryShare(SegmentIdentity identity, bool writable)
    {
        lock (Gate)
        {
            var key = new MappingKey(identity, writable);
            if (Live.TryGetValue(key, out var weak) && weak.TryGetTarget(out var mapping) && !mapping.Native.IsClosed)
            {
                mapping._users++;
                return mapping;
            }
            return null;
        }
    }

    /// <summary>Registers a freshly opened segment, or hands it back closed in favour of a mapping another thread registered first.</summary>
    public static SegmentMapping Register(NativeSegment native, SegmentLayout layout)
    {
        lock (Gate)
        {
            var key = new MappingKey(native.Identity, native.Writable);
            if (Live.TryGetValue(key, out var weak) && weak.TryGetTarget(out var existing) && !existing.Native.IsClosed)
            {
                native.Dispose();
                existing._users++;
                return existing;
            }
            var mapping = new SegmentMapping(native, layout, key) { _users = 1 };
            Live[key] = new WeakReference<SegmentMapping>(mapping);
            return mapping;
        }
    }

    /// <summary>
    /// Registers a segment this process has just created and published; with
    /// <paramref name="lastProcessOut"/> its creator is the mapping's first holder (the platform
    /// took the shared lock before publishing).
    /// </summary>
    public static SegmentMapping RegisterCreated(NativeSegment native, SegmentLayout layout, bool lastProcessOut)
    {
        var mapping = Register(native, layout);
        if (lastProcessOut)
        {
            lock (mapping._holderGate)
            {
                mapping._lastProcessOutUsers++;
            }
        }
        return mapping;
    }

    /// <summary>
    /// One more <see cref="SegmentLifetime.LastProcessOut"/> array on this mapping; the first makes
    /// this process a holder. False when the segment lost its name before this process could join.
    /// </summary>
    public bool JoinLastProcessOut()
    {
        lock (_holderGate)
        {
            if (_lastProcessOutUsers == 0 && !Native.JoinLastProcessOut())
            {
                return false;
            }
            _lastProcessOutUsers++;
            return true;
        }
    }

    /// <summary>
    /// One <see cref="SegmentLifetime.LastProcessOut"/> array is done; after the last one this process
    /// is no longer a holder, and if it was the last holder anywhere the name is removed, even while
    /// arrays of other lifetimes still map the segment. Whether the name was removed.
    /// </summary>
    public bool LeaveLastProcessOut()
    {
        lock (_holderGate)
        {
            if (_lastProcessOutUsers == 0 || --_lastProcessOutUsers > 0)
            {
                return false;
            }
            return Native.LeaveLastProcessOut();
        }
    }

    /// <summary>One more user of this very mapping (a <c>Memory&lt;T&gt;</c> of it); false once it is unmapped.</summary>
    public bool TryAddUser()
    {
        lock (Gate)
        {
            if (_users == 0 || Native.IsClosed)
            {
                return false;
            }
            _users++;
            return true;
        }
    }

    /// <summary>One user is done; the last one unmaps.</summary>
    public void Release()
    {
        lock (Gate)
        {
            if (--_users > 0)
            {
                return;
            }
            if (Live.TryGetValue(_key, out var weak) && weak.TryGetTarget(out var current) && ReferenceEquals(current, this))
            {
                Live.Remove(_key);
            }
        }
        Native.Dispose();
    }

    /// <summary>Whether <paramref name="address"/> .. + <paramref name="length"/> lies inside a live mapping of this process.</summary>
    public static bool Contains(byte* address, long length)
    {
        lock (Gate)
        {
            foreach (var weak in Live.Values)
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

    private readonly record struct MappingKey(SegmentIdentity Identity, bool Writable);
}
