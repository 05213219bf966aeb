namespace SharedTyped;

/// <summary>The element-typed half of the coordination members, shared by <see cref="SharedArray{T}"/> and <see cref="ReadOnlySharedArray{T}"/>.</summary>
internal static unsafe class SyncMembers
{
    public static long ReadConsistent<T>(SyncRegion region, in ArrayState<T> state, Span<T> destination, TimeSpan timeout) where T : unmanaged
    {
        CheckWhole(state, destination);
        return region.ReadConsistent(state.Data, destination, timeout);
    }

    public static long ReadConsistent<T>(SyncRegion region, in ArrayState<T> state, Span<T> destination, long firstRow, long rowCount, TimeSpan timeout) where T : unmanaged
    {
        var start = RowStart(state, destination, firstRow, rowCount);
        return region.ReadConsistent(state.Data + start, destination, timeout);
    }

    public static bool TryReadConsistent<T>(SyncRegion region, in ArrayState<T> state, Span<T> destination, out long version) where T : unmanaged
    {
        CheckWhole(state, destination);
        return region.TryReadConsistent(state.Data, destination, out version);
    }

    private static void CheckWhole<T>(in ArrayState<T> state, Span<T> destination) where T : unmanaged
    {
        if (destination.Length != state.Length)
        {
            throw new ArgumentException(
                $"{Describe.Array<T>(state.Name, state.Shape)} has {state.Length} elements; the destination holds {destination.Length}.", nameof(destination));
        }
    }

    /// <summary>The flat index of <paramref name="firstRow"/>, after checking the range and that the destination fits it exactly.</summary>
    private static long RowStart<T>(in ArrayState<T> state, Span<T> destination, long firstRow, long rowCount) where T : unmanaged
    {
        var shape = state.Shape;
        if (shape.Length == 0)
        {
            throw new InvalidOperationException($"{Describe.Array<T>(state.Name, shape)} is a scalar; a row range needs rank 1 or more.");
        }
        if (firstRow < 0 || rowCount < 0 || firstRow > shape[0] - rowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), firstRow,
                $"{Describe.Array<T>(state.Name, shape)}: rows {firstRow} to {firstRow + rowCount} are outside 0 to {shape[0]}.");
        }
        var rowLength = shape[0] == 0 ? 0 : state.Length / shape[0];
        if (destination.Length != rowCount * rowLength)
        {
            throw new ArgumentException(
                $"{Describe.Array<T>(state.Name, shape)}: {rowCount} rows hold {rowCount * rowLength} elements; the destination holds {destination.Length}.", nameof(destination));
        }
        return firstRow * rowLength;
    }
}
