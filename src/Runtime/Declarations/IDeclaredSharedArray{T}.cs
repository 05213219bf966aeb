namespace SharedTyped;

/// <summary>
/// A class declared with <see cref="SharedArrayAttribute{T}"/>: the generator implements <see cref="Array"/>,
/// the interface implements <see cref="ISharedArray"/> over it, and the members every declaration shares
/// (<c>Version</c>, <c>Publish</c>, <c>ReadConsistent</c>, <c>Save</c>, <c>Dispose</c>, …) come from
/// <see cref="DeclaredSharedArrayMembers"/>. The generated part of a declaration thus holds only what needs
/// its constants: the shape, the indexer with constant strides, and the typed factories.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IDeclaredSharedArray<T> : ISharedArray where T : unmanaged
{
    /// <summary>The runtime array behind the declared class, for APIs that take a <see cref="SharedArray{T}"/>.</summary>
    SharedArray<T> Array { get; }

    /// <inheritdoc/>
    string ISharedArray.Name => Array.Name;

    /// <inheritdoc/>
    ReadOnlySpan<long> ISharedArray.Shape => Array.Shape;

    /// <inheritdoc/>
    bool ISharedArray.IsDisposed => Array.IsDisposed;

    /// <inheritdoc/>
    void IDisposable.Dispose() => Array.Dispose();
}
