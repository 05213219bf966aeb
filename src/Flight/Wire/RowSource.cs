using System.Runtime.InteropServices;

namespace SharedTyped.Flight;

/// <summary>
/// Copies rows out of an array's mapping for a transfer. A segment SharedTyped made has a sync block, so
/// each copy is a consistent read (never torn by a write scope) and says which version it saw; one that
/// cdxcore or numpy made has no versions and is copied as it is.
/// </summary>
internal sealed unsafe class RowSource<T> where T : unmanaged
{
    private readonly ReadOnlySharedArray<T> _array;

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

    /// <summary>The version when the source was opened, or null for a segment without versions.</summary>
    public long? Version { get; }

    /// <summary>
    /// Copies <paramref name="rowCount"/> rows from <paramref name="firstRow"/> (the whole scalar for rank 0)
    /// into <paramref name="destination"/>; returns the version the copy belongs to, or null without versions.
    /// </summary>
    public long? Read(long firstRow, long rowCount, Span<byte> destination)
    {
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
}
