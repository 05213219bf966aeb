using System.Runtime.InteropServices;

namespace SharedTyped.Flight;

/// <summary>
/// Copies rows out of an array's mapping for a transfer. A segment SharedTyped made has a sync block, so
/// each copy is a consistent read (never torn by a write scope) and says which version it saw; one that
/// cdxcore or numpy made has no versions and is copied as it is.
/// </summary>
internal sealed unsafe class RowSource<T> : IDisposable where T : unmanaged
{
    private readonly ReadOnlySharedArray<T> _array;
    private StagingBuffer? _snapshot;

    public RowSource(ReadOnlySharedArray<T> array)
    {
        _array = array;
        try
        {
            Version = array.Version;
        }
        catch (NotSupportedException)
        {
            Version = null;
        }
    }

    /// <summary>The version when the source was opened (or of its snapshot), or null for a segment without versions.</summary>
    public long? Version { get; private set; }

    /// <summary>
    /// Copies <paramref name="rowCount"/> rows from <paramref name="firstRow"/> (the whole scalar for rank 0)
    /// into <paramref name="destination"/>; returns the version the copy belongs to, or null without versions.
    /// </summary>
    public long? Read(long firstRow, long rowCount, Span<byte> destination)
    {
        if (_snapshot is not null)
        {
            _snapshot.Slice(firstRow * RowBytes, destination.Length).CopyTo(destination);
            return Version;
        }
        var elements = MemoryMarshal.Cast<byte, T>(destination);
        if (Version is null)
        {
            var rowElements = _array.Rank == 0 ? 1 : (_array.Shape[0] == 0 ? 0 : _array.Length / _array.Shape[0]);
            var start = firstRow * rowElements;
            if (start < 0 || start > _array.Length - elements.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows from {firstRow} lie outside {_array}.");
            }
            new ReadOnlySpan<T>(_array.DangerousGetPointer() + start, elements.Length).CopyTo(elements);
            return null;
        }
        return _array.Rank == 0 ? _array.ReadConsistent(elements) : _array.ReadConsistent(elements, firstRow, rowCount);
    }

    private long RowBytes => (_array.Rank == 0 || _array.Shape[0] == 0 ? _array.Length : _array.Length / _array.Shape[0]) * sizeof(T);

    /// <summary>
    /// Takes one consistent copy of the whole array now, when it has versions and is at most
    /// <paramref name="maxBytes"/>; later reads come from it, so the whole transfer is one version.
    /// </summary>
    public void SnapshotIfSmall(long maxBytes)
    {
        if (Version is null || _array.ByteLength > maxBytes || _array.Length > int.MaxValue || _snapshot is not null)
        {
            return;
        }
        var snapshot = StagingBuffer.ForBytes(_array.ByteLength);
        try
        {
            Version = _array.ReadConsistent(MemoryMarshal.Cast<byte, T>(snapshot.Slice(0, (int)_array.ByteLength)));
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
        _snapshot = snapshot;
    }

    public void Dispose() => _snapshot?.Dispose();
}
