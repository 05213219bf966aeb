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
                if (native.HoldsLastProcessOut)
                {
                    // The mapping kept must hold the lock before the duplicate lets go of its own:
                    // otherwise the duplicate's close could find no holder left and unlink the name.
                    existing.Native.JoinLastProcessOut();
                }
                native.Dispose();
                existing._users++;
                return existing;
            }
            var mapping = new SegmentMapping(native, layout, key) { _users = 1 };
            Live[key] = new WeakReference<SegmentMapping>(mapping);
            return mapping;
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
