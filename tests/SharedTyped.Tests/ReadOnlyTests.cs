using System.Reflection;
using System.Runtime.InteropServices;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>The read-only view: its type offers no writes, and AttachReadOnly really maps the pages read-only.</summary>
public sealed class ReadOnlyTests : SegmentTest
{
    [Fact]
    public void The_read_only_type_has_no_write_API()
    {
        var problems = WriteApi(typeof(ReadOnlySharedArray<double>));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_write_API_check_does_find_the_writable_type_s_writes()
    {
        // The check above could pass by finding nothing at all; on the writable type it must find the indexers and AsSpan.
        var problems = WriteApi(typeof(SharedArray<double>));
        Assert.Contains(problems, p => p.Contains("Item", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AsSpan", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Row", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("At", StringComparison.Ordinal));
    }

    [Fact]
    public unsafe void AttachReadOnly_maps_the_segment_read_only()
    {
        var name = NewName();
        using var created = SharedArray.Create(name, [1024], 1.0);
        using var writable = SharedArray.Attach<double>(name);
        using var view = SharedArray.AttachReadOnly<double>(name);

        Assert.Equal("r--s", Maps.ProtectionAt((nint)view.DangerousGetPointer()));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Segments.PathOf(name), Maps.At((nint)view.DangerousGetPointer()).Path);
        }

        // A writable attach in the process that created the segment shares the creator's mapping.
        Assert.True(writable.DangerousGetPointer() == created.DangerousGetPointer());
        Assert.Equal("rw-s", Maps.ProtectionAt((nint)writable.DangerousGetPointer()));

        // Same pages: a write through the writable mapping shows in the read-only one.
        writable[1023] = 8.5;
        Assert.Equal(8.5, view[1023]);
    }

    [Fact]
    public void A_peer_writing_through_a_read_only_attach_is_killed_and_the_data_is_untouched()
    {
        var name = NewName();
        using var array = SharedArray.Create(name, [4], 7.0);
        var result = Peer.Run("write-readonly", name);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("attached read-only; first element 7", result.Output);
        Assert.DoesNotContain("WROTE", result.Output);
        Assert.Contains("AccessViolationException", result.Error);
        Assert.Equal([7.0, 7.0, 7.0, 7.0], array.AsSpan().ToArray());
    }

    [Fact]
    public void A_view_from_AsReadOnly_outlives_the_array_it_came_from()
    {
        var name = NewName();
        var array = SharedArray.Create(name, [3], 2.0);
        using var view = array.AsReadOnly();
        array.Dispose();
        Assert.Equal(2.0, view[2]);
        Assert.Equal(name, view.Name);
    }

    [Fact]
    public unsafe void LoadReadOnly_reads_the_file_into_a_new_segment_and_keeps_only_a_read_only_mapping()
    {
        var file = SavedInts([2, 3], [1, 2, 3, 4, 5, 6]);
        var name = NewName();
        var path = Segments.PathOf(name);
        var (view, attached) = SharedArray.LoadReadOnly<int>(file, name, [-1, 3]);
        using (view)
        {
            Assert.False(attached);
            Assert.Equal([2L, 3L], view.Shape.ToArray());
            Assert.Equal([1, 2, 3, 4, 5, 6], view.AsSpan().ToArray());
            Assert.Equal("r--s", Maps.ProtectionAt((nint)view.DangerousGetPointer()));
            if (OperatingSystem.IsLinux())
            {
                // The writable mapping that filled the segment is gone: only the read-only one is left.
                Assert.Equal(["r--s"], Maps.Of(path).Select(m => m.Permissions).ToArray());
                Assert.Single(Maps.DescriptorsOf(path));
            }
        }
        // Persistent by default: the segment outlives the view (on Windows, only while a process holds it).
        Assert.Equal(Segments.PersistentOutlivesHandles, SharedArray.TryAttach<int>(name, [2, 3], out var again));
        using (again)
        {
            Assert.True(again is null || again[1, 2] == 6);
        }
    }

    [Fact]
    public unsafe void LoadReadOnly_attaches_read_only_to_an_existing_matching_segment()
    {
        var file = SavedInts([3], [1, 2, 3]);
        var name = NewName();
        using var existing = SharedArray.Create(name, [3], 9);
        var (view, attached) = SharedArray.LoadReadOnly<int>(file, name);
        using (view)
        {
            Assert.True(attached);
            Assert.Equal([9, 9, 9], view.AsSpan().ToArray());
            Assert.Equal("r--s", Maps.ProtectionAt((nint)view.DangerousGetPointer()));
        }
        var e = Assert.Throws<SharedArrayExistsException>(() => SharedArray.LoadReadOnly<int>(file, name, new LoadOptions { AcceptExisting = false }));
        Assert.Equal($"Shared array '{name}' already exists ('{Segments.PathOf(name)}'); requested int, shape (3,)." +
            " To replace it, create with CreateOptions.Force; to use it, CreateOrAttach or Attach; to have a name removed when its last" +
            $" process ends, create it with SegmentLifetime.LastProcessOut; to remove it now: sharedtyped rm {name}", e.Message);
        Assert.Equal([9, 9, 9], existing.AsSpan().ToArray());
    }

    [Theory]
    [InlineData(SegmentLifetime.DeleteOnDispose)]
    [InlineData(SegmentLifetime.LastProcessOut)]
    public void LoadReadOnly_honours_the_lifetime_once_the_view_is_disposed(SegmentLifetime lifetime)
    {
        var file = SavedInts([4], [4, 3, 2, 1]);
        var name = NewName(lifetime.ToString());
        var (view, attached) = SharedArray.LoadReadOnly<int>(file, name, new LoadOptions { Lifetime = lifetime });
        Assert.False(attached);
        Assert.True(SharedArray.Exists(name));
        Assert.Equal(4, view[0]);
        view.Dispose();
        Assert.False(SharedArray.Exists(name));
    }

    private string SavedInts(long[] shape, int[] values)
    {
        var file = NewFile();
        var source = NewName("source");
        using (var array = SharedArray.Create<int>(source, shape, values))
        {
            array.Save(file);
        }
        SharedArray.Delete(source);
        return file;
    }

    /// <summary>Every public member of <paramref name="type"/> through which an element could be written.</summary>
    private static List<string> WriteApi(Type type)
    {
        var problems = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite)
            {
                problems.Add($"property {property.Name} has a setter");
            }
            if (property.PropertyType.IsByRef && !IsReadOnlyReturn(property.GetMethod!))
            {
                problems.Add($"property {property.Name} returns a writable ref");
            }
        }
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            var returns = method.ReturnType;
            if (returns.IsByRef && !IsReadOnlyReturn(method))
            {
                problems.Add($"method {method.Name} returns a writable ref");
            }
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Span<>))
            {
                problems.Add($"method {method.Name} returns a Span");
            }
            if (returns.IsPointer && method.Name != "DangerousGetPointer")
            {
                problems.Add($"method {method.Name} returns a pointer");
            }
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(SharedArray<>))
            {
                problems.Add($"method {method.Name} returns a writable array");
            }
        }
        return problems;
    }

    /// <summary>C# marks a <c>ref readonly</c> return with a required <c>InAttribute</c> modifier.</summary>
    private static bool IsReadOnlyReturn(MethodInfo method) =>
        method.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(InAttribute));
}
