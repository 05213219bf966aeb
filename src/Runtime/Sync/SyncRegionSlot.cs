namespace SharedTyped;

/// <summary>
/// The one owner of an array's <see cref="SyncRegion"/>: found on the first coordination member, closed by
/// <c>Dispose</c>, each in one atomic step on one field. Dispose marks the slot closed by an exchange before it
/// releases the mapping, and a region found meanwhile is installed by a compare-and-swap against an empty
/// slot: so a region either was there for Dispose to close, or is refused (the member ends with
/// <see cref="ObjectDisposedException"/>). None can be found while Dispose runs and then live unclosed, its
/// member waiting for ever on a mapping it still holds (docs/guarantees.md, "Dispose").
/// </summary>
internal unsafe struct SyncRegionSlot
{
    /// <summary>What the slot holds once its array is disposed.</summary>
    private static readonly object Closed = new();

    /// <summary><c>null</c> until found, then the <see cref="SyncRegion"/>, then <see cref="Closed"/>.</summary>
    private object? _value;

    /// <summary>The array's sync region, found on first use; throws once the array is disposed or when the segment has no sync block.</summary>
    public SyncRegion Region<T>(in ArrayState<T> state) where T : unmanaged =>
        Volatile.Read(ref _value) as SyncRegion ?? Find(state);

    /// <summary>
    /// Whether the array's segment has a sync block of the layout this SharedTyped knows (one cdxcore or numpy
    /// made has none), so that the coordination members work; throws once the array is disposed.
    /// </summary>
    public bool HasBlock<T>(in ArrayState<T> state) where T : unmanaged
    {
        var value = Volatile.Read(ref _value);
        if (value is SyncRegion)
        {
            return true;
        }
        ThrowIfClosed(value, state);
        var mapping = state.Mapping;
        var used = mapping.Share() ?? throw Disposed(state);
        try
        {
            return SyncBlock.Find(mapping.Native, mapping.Layout, out var layoutVersion) != null && layoutVersion == SyncBlock.CurrentLayoutVersion;
        }
        finally
        {
            used.Release();
        }
    }

    /// <summary>
    /// Marks the slot closed and closes the region found in it, if any: every member of it ends with
    /// <see cref="ObjectDisposedException"/>, and no region is found in it any more. The array calls this
    /// before it releases its mapping.
    /// </summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _value, Closed) is SyncRegion region)
        {
            region.Close();
        }
    }

    private SyncRegion Find<T>(in ArrayState<T> state) where T : unmanaged
    {
        ThrowIfClosed(Volatile.Read(ref _value), state);
        // Finding the block reads the mapping: held while it does, so a Dispose on another thread
        // cannot unmap it underneath.
        var mapping = state.Mapping;
        var used = mapping.Share() ?? throw Disposed(state);
        try
        {
            var found = SyncRegion.Of<T>(mapping, state.Name);
            return Interlocked.CompareExchange(ref _value, found, null) switch
            {
                null => found,
                SyncRegion first => first,
                _ => throw Disposed(state),
            };
        }
        finally
        {
            used.Release();
        }
    }

    private static void ThrowIfClosed<T>(object? value, in ArrayState<T> state) where T : unmanaged
    {
        state.ThrowIfDisposed();
        if (ReferenceEquals(value, Closed))
        {
            throw Disposed(state);
        }
    }

    /// <summary>The exception of a disposed array, worded as <see cref="SyncRegion.Disposed"/> words it (reading the name of a state already disposed throws one too).</summary>
    private static ObjectDisposedException Disposed<T>(in ArrayState<T> state) where T : unmanaged
    {
        var name = state.Name;
        return new ObjectDisposedException(name, $"Shared array '{name}' has been disposed.");
    }
}
