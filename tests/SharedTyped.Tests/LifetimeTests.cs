using System.Runtime.CompilerServices;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>Dispose, DeleteOnDispose, persistence, the finalizer, and mappings shared within the process.</summary>
public sealed class LifetimeTests : SegmentTest
{
    [Fact]
    public unsafe void Every_member_of_a_disposed_array_throws_ObjectDisposedException()
    {
        var name = NewName();
        var path = NewFile();
        var a = SharedArray.Create<int>(name, [2, 2]);
        a.Dispose();
        Assert.True(a.IsDisposed);
        a.Dispose();
        Assert.Equal("SharedArray<int> (disposed)", a.ToString());
        var members = new (string, Action)[]
        {
            ("Name", () => _ = a.Name), ("Shape", () => _ = a.Shape.Length), ("Rank", () => _ = a.Rank),
            ("Length", () => _ = a.Length), ("ByteLength", () => _ = a.ByteLength),
            ("this[i]", () => _ = a[0]), ("this[i,j]", () => _ = a[0, 0]), ("this[i,j,k]", () => _ = a[0, 0, 0]),
            ("this[i,j,k,l]", () => _ = a[0, 0, 0, 0]), ("At", () => _ = a.At(0, 0)), ("AsSpan", () => _ = a.AsSpan().Length),
            ("Row", () => _ = a.Row(0).Length), ("DangerousGetReference", () => _ = a.DangerousGetReference()),
            ("DangerousGetPointer", () => _ = (nint)a.DangerousGetPointer()), ("AsReadOnly", () => a.AsReadOnly()),
            ("Save", () => a.Save(path)),
        };
        foreach (var (member, use) in members)
        {
            var e = Assert.Throws<ObjectDisposedException>(use);
            Assert.True(e.Message.Contains($"'{name}' has been disposed", StringComparison.Ordinal), $"{member}: {e.Message}");
        }
        Assert.False(File.Exists(path));
        Assert.Equal(Segments.PersistentOutlivesHandles, SharedArray.Exists(name));
    }

    [Fact]
    public unsafe void Every_member_of_a_disposed_read_only_view_throws_ObjectDisposedException()
    {
        var name = NewName();
        var path = NewFile();
        using var array = SharedArray.Create<int>(name, [2, 2]);
        var v = SharedArray.AttachReadOnly<int>(name);
        v.Dispose();
        Assert.True(v.IsDisposed);
        v.Dispose();
        Assert.Equal("ReadOnlySharedArray<int> (disposed)", v.ToString());
        var members = new (string, Action)[]
        {
            ("Name", () => _ = v.Name), ("Shape", () => _ = v.Shape.Length), ("Rank", () => _ = v.Rank),
            ("Length", () => _ = v.Length), ("ByteLength", () => _ = v.ByteLength),
            ("this[i]", () => _ = v[0]), ("this[i,j]", () => _ = v[0, 0]), ("this[i,j,k]", () => _ = v[0, 0, 0]),
            ("this[i,j,k,l]", () => _ = v[0, 0, 0, 0]), ("At", () => _ = v.At(0, 0)), ("AsSpan", () => _ = v.AsSpan().Length),
            ("Row", () => _ = v.Row(0).Length), ("DangerousGetReference", () => _ = v.DangerousGetReference()),
            ("DangerousGetPointer", () => _ = (nint)v.DangerousGetPointer()), ("Save", () => v.Save(path)),
        };
        foreach (var (member, use) in members)
        {
            var e = Assert.Throws<ObjectDisposedException>(use);
            Assert.True(e.Message.Contains($"'{name}' has been disposed", StringComparison.Ordinal), $"{member}: {e.Message}");
        }
        Assert.Equal(0, array[1, 1]);
    }

    [Fact]
    public void A_persistent_segment_survives_dispose_with_its_data()
    {
        var name = NewName();
        using (var a = SharedArray.Create<int>(name, [3]))
        {
            a[2] = 77;
        }
        if (!Segments.PersistentOutlivesHandles)
        {
            // Windows frees a mapping with its last handle: persistent means "while some process holds it".
            Assert.False(SharedArray.Exists(name));
            Assert.False(Segments.FileExists(name));
            return;
        }
        Assert.True(SharedArray.Exists(name));
        Assert.Equal(77, BitConverter.ToInt32(Segments.ReadBytes(name), 64 + 8));
        using (var again = SharedArray.Attach<int>(name, [3]))
        {
            Assert.Equal(77, again[2]);
        }
        Assert.True(SharedArray.Exists(name));
    }

    [Fact]
    public void Disposing_the_last_array_unmaps_the_segment_and_closes_its_descriptor()
    {
        var name = NewName();
        var path = Segments.PathOf(name);
        // Linux: the creator's mapping is known by address, not by path, so it goes first; Windows:
        // it is held until the others have the segment, which goes with its last handle.
        var linux = OperatingSystem.IsLinux();
        var creator = SharedArray.Create<int>(name, [1]);
        if (linux)
        {
            creator.Dispose();
        }
        var first = SharedArray.Attach<int>(name);
        var second = SharedArray.Attach<int>(name);
        var view = SharedArray.AttachReadOnly<int>(name);
        creator.Dispose();
        Assert.True(!linux || Maps.Of(path).Count == 2);
        first.Dispose();
        second[0] = 5;
        Assert.Equal(5, view[0]);
        second.Dispose();
        Assert.True(!linux || Maps.Of(path).Count == 1);
        Assert.Equal(5, view[0]);
        view.Dispose();
        if (linux)
        {
            Assert.Empty(Maps.Of(path));
            Assert.Empty(Maps.DescriptorsOf(path));
        }
        else
        {
            // No list of a process's mappings on Windows: the name goes with the last handle, so it
            // being gone shows that the runtime closed every one.
            Assert.False(Segments.FileExists(name));
        }
    }

    [NotUnderWineFact(Wine.Finalizers)]
    public void An_array_that_is_never_disposed_is_unmapped_by_its_finalizer()
    {
        var name = NewName();
        var path = Segments.PathOf(name);
        if (OperatingSystem.IsLinux())
        {
            using (SharedArray.Create<int>(name, [1]))
            {
            }
            // Checked while the array is still reachable: a collection triggered by a test running
            // alongside may finalize it as soon as it is not.
            Assert.True(AttachAndForget(name), "the attach mapped nothing");
            CollectUntil(() => Maps.Of(path).Count == 0);
            Assert.Empty(Maps.Of(path));
            Assert.Empty(Maps.DescriptorsOf(path));
            Assert.True(SharedArray.Exists(name));
            return;
        }
        // Elsewhere the creator itself is dropped: the name goes once the finalizer closed the last handle.
        Assert.True(CreateAndForget(name, SegmentLifetime.Persistent), "the create mapped nothing");
        CollectUntil(() => !Segments.FileExists(name));
        Assert.False(Segments.FileExists(name));
    }

    [LinuxFact(LinuxOnly.Persistence)]
    public void Arrays_collected_without_dispose_leave_nothing_that_a_later_attach_or_IsShared_trips_over()
    {
        var name = NewName();
        var path = Segments.PathOf(name);
        using (SharedArray.Create<int>(name, [4], 7))
        {
        }
        // Each round leaves the registry a dead entry for the segment: the next attach must map
        // afresh in its place, and IsShared must sweep the ones it finds, each freed exactly once.
        for (var round = 0; round < 20; round++)
        {
            Assert.True(AttachAndForget(name), $"round {round}: the attach mapped nothing");
            CollectUntil(() => Maps.Of(path).Count == 0);
            Assert.Empty(Maps.Of(path));
            if (round % 5 == 4)
            {
                Assert.False(SharedArray.IsShared<int>(new int[4]));
            }
        }
        using var array = SharedArray.Attach<int>(name);
        Assert.Equal(7, array[3]);
        Assert.True(SharedArray.IsShared<int>(array.AsSpan()));
        Assert.Single(Maps.Of(path));
    }

    [NotUnderWineFact(Wine.Finalizers)]
    public void A_DeleteOnDispose_array_that_is_never_disposed_unlinks_when_collected()
    {
        var name = NewName();
        Assert.True(CreateAndForget(name, SegmentLifetime.DeleteOnDispose), "the create mapped nothing");
        CollectUntil(() => !SharedArray.Exists(name));
        Assert.False(SharedArray.Exists(name));
    }

    [NotUnderWineFact(Wine.Finalizers)]
    public void A_DeleteOnDispose_array_collected_while_another_array_shares_its_mapping_unlinks_when_the_mapping_goes()
    {
        var name = NewName();
        using (var keeper = SharedArray.Create<int>(name, [1], 1))
        {
            Assert.True(AttachAndForget(name, SegmentLifetime.DeleteOnDispose), "the attach mapped nothing");
            CollectUntil(() => false);
            // The mapping is shared with the keeper, so it stays, and with it the name.
            Assert.True(SharedArray.Exists(name));
            Assert.Equal(1, keeper[0]);
        }
        CollectUntil(() => !SharedArray.Exists(name));
        Assert.False(SharedArray.Exists(name));
    }

    [NotUnderWineFact(Wine.Finalizers)]
    public void A_disposed_DeleteOnDispose_array_leaves_a_later_segment_of_its_name_alone_when_its_mapping_is_collected()
    {
        var name = NewName();
        SharedArray.Create<int>(name, [1], new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose }).Dispose();
        Assert.False(SharedArray.Exists(name));
        using var later = SharedArray.Create<int>(name, [1], 5);
        CollectUntil(() => false);
        Assert.True(SharedArray.Exists(name));
        Assert.Equal(5, SharedArray.Attach<int>(name)[0]);
    }

    [Fact]
    public void DeleteOnDispose_on_create_removes_the_name_and_other_mappings_stay_valid()
    {
        var name = NewName();
        var owner = SharedArray.Create<int>(name, [2], 3, new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
        using var reader = SharedArray.AttachReadOnly<int>(name);
        owner.Dispose();
        Assert.False(SharedArray.Exists(name));
        Assert.Equal(3, reader[1]);
    }

    [Fact]
    public void DeleteOnDispose_on_attach_removes_the_name()
    {
        var name = NewName();
        using var creator = SharedArray.Create<int>(name, [2], 4);
        var attached = SharedArray.Attach<int>(name, new AttachOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
        Assert.True(SharedArray.Exists(name));
        attached.Dispose();
        Assert.False(SharedArray.Exists(name));
        Assert.Equal(4, creator[0]);
    }

    [Fact]
    public void DeleteOnDispose_leaves_a_newer_segment_of_the_same_name_alone()
    {
        var name = NewName();
        var old = SharedArray.Create<int>(name, [2], new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
        if (OperatingSystem.IsWindows())
        {
            // Windows cannot free a name that a process holds: Delete marks the segment deleted and says
            // the name is not free yet, and a new segment of that name waits for the last holder.
            Assert.False(SharedArray.Delete(name));
            Assert.False(SharedArray.Exists(name));
            Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [5], 1));
            old.Dispose();
        }
        else
        {
            Assert.True(SharedArray.Delete(name));
        }
        using var newer = SharedArray.Create<int>(name, [5], 1);
        old.Dispose();
        Assert.True(SharedArray.Exists(name));
        using var check = SharedArray.Attach<int>(name, [5]);
        Assert.Equal(1, check[4]);
    }

    [Fact]
    public void LastProcessOut_removes_the_name_when_the_only_holder_closes()
    {
        var name = NewName();
        var array = SharedArray.Create<int>(name, [2], new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut });
        using (var second = SharedArray.Attach<int>(name, new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut }))
        {
            second[1] = 6;
        }
        Assert.True(SharedArray.Exists(name));
        Assert.Equal(6, array[1]);
        array.Dispose();
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void A_LastProcessOut_attach_keeps_the_segment_while_it_is_open()
    {
        // This process already maps the segment (persistent); joining as a LastProcessOut holder must
        // not remove the name while the joined array is still open.
        var name = NewName();
        using var creator = SharedArray.Create<int>(name, [2], 1);
        var holder = SharedArray.Attach<int>(name, new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut });
        Assert.True(SharedArray.Exists(name), "attaching with LastProcessOut removed the name at once");
        holder[0] = 2;
        Assert.Equal(2, creator[0]);
        holder.Dispose();
    }

    /// <summary>Attaches, writes, and drops the array without disposing it; whether it was mapped while alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe bool AttachAndForget(string name, SegmentLifetime lifetime = SegmentLifetime.Persistent)
    {
        var array = SharedArray.Attach<int>(name, new AttachOptions { Lifetime = lifetime });
        array[0] = 1;
        var mapped = Maps.ProtectionAt((nint)array.DangerousGetPointer()) == "rw-s";
        GC.KeepAlive(array);
        return mapped;
    }

    /// <summary>Creates and drops the array without disposing it; whether it was mapped while alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe bool CreateAndForget(string name, SegmentLifetime lifetime)
    {
        var array = SharedArray.Create<int>(name, [1], 1, new CreateOptions { Lifetime = lifetime });
        // A created segment is mapped before it has its name, so /proc/self/maps knows it by address, not path.
        var mapped = Maps.ProtectionAt((nint)array.DangerousGetPointer()) == "rw-s" && SharedArray.Exists(name);
        GC.KeepAlive(array);
        return mapped;
    }

    /// <summary>Collects and runs finalizers until <paramref name="done"/> holds, a few rounds at most.</summary>
    private static void CollectUntil(Func<bool> done)
    {
        for (var i = 0; i < 5 && !done(); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
