namespace SharedTyped;

/// <summary>
/// The members of a declared shared array class that need none of its constants, written once here
/// instead of in every generated class: each forwards to <see cref="IDeclaredSharedArray{T}.Array"/>.
/// A member added here reaches every declaration without a change to the generator.
/// </summary>
public static class DeclaredSharedArrayMembers
{
    /// <summary>The forwarding members of a declared class.</summary>
    /// <param name="declared">The declared class.</param>
    /// <typeparam name="T">The element type.</typeparam>
    extension<T>(IDeclaredSharedArray<T> declared) where T : unmanaged
    {
        /// <summary>Whether <c>Dispose()</c> has run; every other member then throws <see cref="ObjectDisposedException"/>.</summary>
        public bool IsDisposed => declared.Array.IsDisposed;

        /// <inheritdoc cref="SharedArray{T}.Version"/>
        public long Version => declared.Array.Version;

        /// <inheritdoc cref="SharedArray{T}.Publish()"/>
        public long Publish() => declared.Array.Publish();

        /// <inheritdoc cref="SharedArray{T}.Publish(TimeSpan)"/>
        public long Publish(TimeSpan timeout) => declared.Array.Publish(timeout);

        /// <inheritdoc cref="SharedArray{T}.BeginWrite()"/>
        public SharedArrayWriteScope BeginWrite() => declared.Array.BeginWrite();

        /// <inheritdoc cref="SharedArray{T}.BeginWrite(TimeSpan)"/>
        public SharedArrayWriteScope BeginWrite(TimeSpan timeout) => declared.Array.BeginWrite(timeout);

        /// <inheritdoc cref="SharedArray{T}.WaitForChange(long, TimeSpan, out long)"/>
        public bool WaitForChange(long seenVersion, TimeSpan timeout, out long version) => declared.Array.WaitForChange(seenVersion, timeout, out version);

        /// <inheritdoc cref="SharedArray{T}.WaitForChangeAsync(long, CancellationToken)"/>
        public ValueTask<long> WaitForChangeAsync(long seenVersion, CancellationToken cancellationToken = default) =>
            declared.Array.WaitForChangeAsync(seenVersion, cancellationToken);

        /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T})"/>
        public long ReadConsistent(Span<T> destination) => declared.Array.ReadConsistent(destination);

        /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, TimeSpan)"/>
        public long ReadConsistent(Span<T> destination, TimeSpan timeout) => declared.Array.ReadConsistent(destination, timeout);

        /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, long, long)"/>
        public long ReadConsistent(Span<T> destination, long firstRow, long rowCount) => declared.Array.ReadConsistent(destination, firstRow, rowCount);

        /// <inheritdoc cref="SharedArray{T}.ReadConsistent(Span{T}, long, long, TimeSpan)"/>
        public long ReadConsistent(Span<T> destination, long firstRow, long rowCount, TimeSpan timeout) =>
            declared.Array.ReadConsistent(destination, firstRow, rowCount, timeout);

        /// <inheritdoc cref="SharedArray{T}.TryReadConsistent(Span{T}, out long)"/>
        public bool TryReadConsistent(Span<T> destination, out long version) => declared.Array.TryReadConsistent(destination, out version);

        /// <inheritdoc cref="SharedArray{T}.AcquireShared(TimeSpan)"/>
        public SharedArrayLock AcquireShared(TimeSpan timeout) => declared.Array.AcquireShared(timeout);

        /// <inheritdoc cref="SharedArray{T}.AcquireExclusive(TimeSpan)"/>
        public SharedArrayLock AcquireExclusive(TimeSpan timeout) => declared.Array.AcquireExclusive(timeout);

        /// <inheritdoc cref="SharedArray{T}.Save(string, SaveOptions?)"/>
        public void Save(string path, SaveOptions? options = null) => declared.Array.Save(path, options);

        /// <summary>Unmaps this array; spans taken from it become invalid. The segment stays unless its lifetime says otherwise.</summary>
        public void Dispose() => declared.Array.Dispose();
    }
}
