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
        Assert.True(SharedArray.Exists(name));
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
        using (SharedArray.Create<int>(name, [1]))
        {
        }
        var first = SharedArray.Attach<int>(name);
        var second = SharedArray.Attach<int>(name);
        var view = SharedArray.AttachReadOnly<int>(name);
        Assert.Equal(2, Maps.Of(path).Count);
        first.Dispose();
        second[0] = 5;
        Assert.Equal(5, view[0]);
        second.Dispose();
        Assert.Single(Maps.Of(path));
        view.Dispose();
        Assert.Empty(Maps.Of(path));
        Assert.Empty(Maps.DescriptorsOf(path));
    }

    [Fact]
    public void An_array_that_is_never_disposed_is_unmapped_by_its_finalizer()
    {
        var name = NewName();
        var path = Segments.PathOf(name);
        using (SharedArray.Create<int>(name, [1]))
        {
        }
        AttachAndForget(name);
        Assert.NotEmpty(Maps.Of(path));
        for (var i = 0; i < 5 && Maps.Of(path).Count > 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Empty(Maps.Of(path));
        Assert.Empty(Maps.DescriptorsOf(path));
        Assert.True(SharedArray.Exists(name));
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
        Assert.True(SharedArray.Delete(name));
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AttachAndForget(string name) => SharedArray.Attach<int>(name)[0] = 1;
}
