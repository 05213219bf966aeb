using SharedTyped.Tests.Infrastructure;

namespace SharedTyped.Tests.Sync;

/// <summary>What the coordination tests share: segments of <c>long</c> stamped as the peers stamp them.</summary>
public abstract class SyncTest : SegmentTest
{
    /// <summary>The value a write publishing <paramref name="version"/> puts in every element (tests/SharedTyped.Peer/SyncCommands.cs).</summary>
    protected static long Stamp(long version) => version * 7 + 3;

    /// <summary>A new array of <paramref name="length"/> elements stamped for version 0.</summary>
    protected SharedArray<long> NewArray(out string name, long length = 64)
    {
        name = NewName();
        return SharedArray.Create<long>(name, [length], Stamp(0));
    }

    protected static long Number(string text) => long.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
