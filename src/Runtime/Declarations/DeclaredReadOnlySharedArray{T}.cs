namespace SharedTyped;

/// <summary>
/// The base of the <c>ReadOnly</c> view the generator nests in each declared class: everything a read-only
/// view offers that needs none of the declaration's constants. The generated view adds the indexer, the
/// rows and the span, whose strides and lengths are the declaration's constants.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class DeclaredReadOnlySharedArray<T> : ISharedArray where T : unmanaged
{
    /// <summary>Wraps an array whose element type and shape the runtime has checked.</summary>
    /// <param name="array">The runtime array.</param>
    protected DeclaredReadOnlySharedArray(ReadOnlySharedArray<T> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Array = array;
    }

    /// <summary>The runtime array behind this one, for APIs that take a <see cref="ReadOnlySharedArray{T}"/>.</summary>
    public ReadOnlySharedArray<T> Array { get; }

    /// <summary>Whether <see cref="Dispose()"/> has run; every other member then throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed => Array.IsDisposed;

    /// <inheritdoc/>
    string ISharedArray.Name => Array.Name;

    /// <inheritdoc/>
    ReadOnlySpan<long> ISharedArray.Shape => Array.Shape;

    /// <summary>All elements in C order (last index fastest); valid until this view is disposed.</summary>
    public ReadOnlySpan<T> AsSpan() => Array.AsSpan();

    /// <inheritdoc cref="ReadOnlySharedArray{T}.Version"/>
    public long Version => Array.Version;

    /// <inheritdoc cref="ReadOnlySharedArray{T}.WaitForChange(long, TimeSpan, out long)"/>
    public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version) => Array.WaitForChange(seenVersion, timeout, out version);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.WaitForChangeAsync(long, CancellationToken)"/>
    public ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken = default) =>
        Array.WaitForChangeAsync(seenVersion, cancellationToken);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.ReadConsistent(Span{T})"/>
    public long ReadConsistent(Span<T> destination) => Array.ReadConsistent(destination);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.ReadConsistent(Span{T}, TimeSpan)"/>
    public long ReadConsistent(Span<T> destination, TimeSpan timeout) => Array.ReadConsistent(destination, timeout);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.ReadConsistent(Span{T}, long, long)"/>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount) => Array.ReadConsistent(destination, firstRow, rowCount);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.ReadConsistent(Span{T}, long, long, TimeSpan)"/>
    public long ReadConsistent(Span<T> destination, long firstRow, long rowCount, TimeSpan timeout) =>
        Array.ReadConsistent(destination, firstRow, rowCount, timeout);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.TryReadConsistent(Span{T}, out long)"/>
    public bool TryReadConsistent(Span<T> destination, out long version) => Array.TryReadConsistent(destination, out version);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.AcquireShared(TimeSpan)"/>
    public SharedArrayLock AcquireShared(TimeSpan timeout) => Array.AcquireShared(timeout);

    /// <inheritdoc cref="ReadOnlySharedArray{T}.Save(string, SaveOptions?)"/>
    public void Save(string path, SaveOptions? options = null) => Array.Save(path, options);

    /// <summary>Unmaps this view; spans taken from it become invalid. The segment stays unless its lifetime says otherwise.</summary>
    public void Dispose()
    {
        Array.Dispose();
        GC.SuppressFinalize(this);
    }
}
