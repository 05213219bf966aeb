using System.Reflection;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Disposed arrays, spans and mappings": every member of a disposed array throws ObjectDisposedException;
/// and one mapping per segment is shared and counted inside the process, so a span taken from an
/// array stays backed while another array of the process still maps the same segment.
/// </summary>
public sealed unsafe class UseAfterDisposeTests
{
    /// <summary>Members that are allowed to work after Dispose.</summary>
    private static readonly HashSet<string> Exempt = ["Dispose()", "get_IsDisposed()", "ToString()", "Equals(Object)", "GetHashCode()", "GetType()"];

    private static readonly Dictionary<string, Action<SharedArray<int>>> WritableProbes = new()
    {
        ["get_Name()"] = a => _ = a.Name,
        ["get_Shape()"] = a => _ = a.Shape.Length,
        ["get_Rank()"] = a => _ = a.Rank,
        ["get_Length()"] = a => _ = a.Length,
        ["get_ByteLength()"] = a => _ = a.ByteLength,
        ["get_IsCurrent()"] = a => _ = a.IsCurrent,
        ["get_SegmentId()"] = a => _ = a.SegmentId,
        ["get_HasSyncBlock()"] = a => _ = a.HasSyncBlock,
        ["get_IsReserved()"] = a => _ = a.IsReserved,
        ["get_UsesHugePages()"] = a => _ = a.UsesHugePages,
        ["get_HugePageBytes()"] = a => _ = a.HugePageBytes,
        ["WaitForHugePages(TimeSpan)"] = a => _ = a.WaitForHugePages(TimeSpan.Zero),
        ["get_Item(Int64)"] = a => _ = a[0],
        ["get_Item(Int64, Int64)"] = a => _ = a[0, 0],
        ["get_Item(Int64, Int64, Int64)"] = a => _ = a[0, 0, 0],
        ["get_Item(Int64, Int64, Int64, Int64)"] = a => _ = a[0, 0, 0, 0],
        ["At(ReadOnlySpan`1)"] = a => _ = a.At(0),
        ["AsSpan()"] = a => _ = a.AsSpan().Length,
        ["AsSpan(Int64, Int32)"] = a => _ = a.AsSpan(0, 1).Length,
        ["AsMemory()"] = a => _ = a.AsMemory().Length,
        ["AsMemory(Int64, Int32)"] = a => _ = a.AsMemory(0, 1).Length,
        ["Chunks(Int32)"] = a => { foreach (var chunk in a.Chunks()) { _ = chunk.Length; } },
        ["AsMemoryChunks(Int32)"] = a => { foreach (var chunk in a.AsMemoryChunks()) { _ = chunk.Length; } },
        ["Row(Int64)"] = a => _ = a.Row(0).Length,
        ["DangerousGetReference()"] = a => _ = a.DangerousGetReference(),
        ["DangerousGetPointer()"] = a => _ = (nint)a.DangerousGetPointer(),
        ["AsReadOnly()"] = a => a.AsReadOnly().Dispose(),
        ["Save(String, SaveOptions)"] = a => a.Save(UniqueNames.NewTempPath("never-written")),
        ["get_Version()"] = a => _ = a.Version,
        ["WaitForChange(Int64, TimeSpan, Int64&)"] = a => a.WaitForChange(0, TimeSpan.Zero, out _),
        ["WaitForChangeAsync(Int64, CancellationToken)"] = a => _ = a.WaitForChangeAsync(0),
        ["ReadConsistent(Span`1)"] = a => a.ReadConsistent(new int[4]),
        ["ReadConsistent(Span`1, Int64, Int64)"] = a => a.ReadConsistent(new int[2], 0, 1),
        ["ReadConsistent(Span`1, TimeSpan)"] = a => a.ReadConsistent(new int[4], TimeSpan.Zero),
        ["ReadConsistent(Span`1, Int64, Int64, TimeSpan)"] = a => a.ReadConsistent(new int[2], 0, 1, TimeSpan.Zero),
        ["TryReadConsistent(Span`1, Int64&)"] = a => a.TryReadConsistent(new int[4], out _),
        ["AcquireShared(TimeSpan)"] = a => a.AcquireShared(TimeSpan.Zero).Dispose(),
        ["Publish()"] = a => a.Publish(),
        ["Publish(TimeSpan)"] = a => a.Publish(TimeSpan.Zero),
        ["BeginWrite()"] = a => a.BeginWrite().Dispose(),
        ["BeginWrite(TimeSpan)"] = a => a.BeginWrite(TimeSpan.Zero).Dispose(),
        ["AcquireExclusive(TimeSpan)"] = a => a.AcquireExclusive(TimeSpan.Zero).Dispose(),
    };

    private static readonly Dictionary<string, Action<ReadOnlySharedArray<int>>> ReadOnlyProbes = new()
    {
        ["get_Name()"] = a => _ = a.Name,
        ["get_Shape()"] = a => _ = a.Shape.Length,
        ["get_Rank()"] = a => _ = a.Rank,
        ["get_Length()"] = a => _ = a.Length,
        ["get_ByteLength()"] = a => _ = a.ByteLength,
        ["get_IsCurrent()"] = a => _ = a.IsCurrent,
        ["get_SegmentId()"] = a => _ = a.SegmentId,
        ["get_HasSyncBlock()"] = a => _ = a.HasSyncBlock,
        ["get_IsReserved()"] = a => _ = a.IsReserved,
        ["get_UsesHugePages()"] = a => _ = a.UsesHugePages,
        ["get_HugePageBytes()"] = a => _ = a.HugePageBytes,
        ["WaitForHugePages(TimeSpan)"] = a => _ = a.WaitForHugePages(TimeSpan.Zero),
        ["get_Item(Int64)"] = a => _ = a[0],
        ["get_Item(Int64, Int64)"] = a => _ = a[0, 0],
        ["get_Item(Int64, Int64, Int64)"] = a => _ = a[0, 0, 0],
        ["get_Item(Int64, Int64, Int64, Int64)"] = a => _ = a[0, 0, 0, 0],
        ["At(ReadOnlySpan`1)"] = a => _ = a.At(0),
        ["AsSpan()"] = a => _ = a.AsSpan().Length,
        ["AsSpan(Int64, Int32)"] = a => _ = a.AsSpan(0, 1).Length,
        ["AsMemory()"] = a => _ = a.AsMemory().Length,
        ["AsMemory(Int64, Int32)"] = a => _ = a.AsMemory(0, 1).Length,
        ["Chunks(Int32)"] = a => { foreach (var chunk in a.Chunks()) { _ = chunk.Length; } },
        ["AsMemoryChunks(Int32)"] = a => { foreach (var chunk in a.AsMemoryChunks()) { _ = chunk.Length; } },
        ["Row(Int64)"] = a => _ = a.Row(0).Length,
        ["DangerousGetReference()"] = a => _ = a.DangerousGetReference(),
        ["DangerousGetPointer()"] = a => _ = (nint)a.DangerousGetPointer(),
        ["Save(String, SaveOptions)"] = a => a.Save(UniqueNames.NewTempPath("never-written")),
        ["get_Version()"] = a => _ = a.Version,
        ["WaitForChange(Int64, TimeSpan, Int64&)"] = a => a.WaitForChange(0, TimeSpan.Zero, out _),
        ["WaitForChangeAsync(Int64, CancellationToken)"] = a => _ = a.WaitForChangeAsync(0),
        ["ReadConsistent(Span`1)"] = a => a.ReadConsistent(new int[4]),
        ["ReadConsistent(Span`1, Int64, Int64)"] = a => a.ReadConsistent(new int[2], 0, 1),
        ["ReadConsistent(Span`1, TimeSpan)"] = a => a.ReadConsistent(new int[4], TimeSpan.Zero),
        ["ReadConsistent(Span`1, Int64, Int64, TimeSpan)"] = a => a.ReadConsistent(new int[2], 0, 1, TimeSpan.Zero),
        ["TryReadConsistent(Span`1, Int64&)"] = a => a.TryReadConsistent(new int[4], out _),
        ["AcquireShared(TimeSpan)"] = a => a.AcquireShared(TimeSpan.Zero).Dispose(),
    };

    [Fact]
    public void Every_member_of_a_disposed_SharedArray_throws()
    {
        var name = Segments.NewName("disposed");
        using var cleanup = new Cleanup(name);
        var array = SharedArray.Create<int>(name, [2, 2], fill: 1);
        array.Dispose();
        array.Dispose(); // twice is fine
        CheckEveryMemberThrows(typeof(SharedArray<int>), WritableProbes, array, name);
        Assert.True(array.IsDisposed);
        Assert.False(SharedArray.IsShared(array));
    }

    [Fact]
    public void Every_member_of_a_disposed_ReadOnlySharedArray_throws()
    {
        var name = Segments.NewName("disposed-ro");
        using var cleanup = new Cleanup(name);
        // Held: Windows frees a segment with its last handle.
        using var creator = SharedArray.Create<int>(name, [2, 2], fill: 1);
        var array = SharedArray.AttachReadOnly<int>(name);
        array.Dispose();
        CheckEveryMemberThrows(typeof(ReadOnlySharedArray<int>), ReadOnlyProbes, array, name);
    }

    /// <summary>
    /// Two arrays on one segment share one counted mapping. Disposing the first leaves a span taken
    /// from it backed (written and read below); without the count, Dispose would unmap and the write
    /// would crash the test host.
    /// </summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_span_outlives_its_array_while_another_array_of_the_process_maps_the_segment()
    {
        var name = Segments.NewName("span");
        using var cleanup = new Cleanup(name);
        var first = SharedArray.Create<int>(name, [1024], fill: 3);
        var second = SharedArray.Attach<int>(name, [1024]);
        var view = second.AsReadOnly();
        var inode = Native.Inode(Segments.PathOf(name));
        Assert.Equal(1, ProcSelf.MappingsOfInode(inode));
        var span = first.AsSpan();
        var pointer = first.DangerousGetPointer();

        first.Dispose();
        Assert.Equal(1, ProcSelf.MappingsOfInode(inode));
        span[1023] = 42;
        Assert.Equal(42, second[1023]);
        Assert.Equal(3 * 1023 + 42, Sum(span));

        second.Dispose();
        Assert.Equal(1, ProcSelf.MappingsOfInode(inode));
        pointer[0] = 7;
        Assert.Equal(7, view[0]);

        view.Dispose();
        Assert.Equal(0, ProcSelf.MappingsOfInode(inode));
    }

    private static void CheckEveryMemberThrows<TArray>(Type type, Dictionary<string, Action<TArray>> probes, TArray array, string name)
    {
        var members = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})")
            .Where(m => !Exempt.Contains(m))
            .Order(StringComparer.Ordinal)
            .ToList();
        // A new public member must be added here, with its probe.
        Assert.Equal(probes.Keys.Order(StringComparer.Ordinal), members);
        foreach (var (member, probe) in probes)
        {
            var e = Record.Exception(() => probe(array));
            Assert.True(e is ObjectDisposedException, $"{type.Name}.{member} after Dispose gave {e?.GetType().Name ?? "no exception"}");
            Assert.Contains($"Shared array '{name}' has been disposed", e!.Message, StringComparison.Ordinal);
        }
    }

    private static long Sum(Span<int> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
