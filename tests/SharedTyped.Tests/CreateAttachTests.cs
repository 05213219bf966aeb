using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>Create, TryCreate, Attach, TryAttach, AttachReadOnly, Delete, Exists, IsShared, List for every element type.</summary>
public sealed class CreateAttachTests : SegmentTest
{
    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public void Every_entry_point_works_for_every_element_type(string kind) =>
        Kinds.Run(kind, new RoundTrip(NewName(kind)));

    [Fact]
    public void Create_starts_zeroed()
    {
        using var array = SharedArray.Create<long>(NewName(), [100, 7]);
        Assert.All(array.AsSpan().ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Create_on_an_existing_name_throws_and_leaves_the_segment_alone()
    {
        var name = NewName();
        using var original = SharedArray.Create(name, [3], 1.5);
        var e = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [4]));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("already exists", e.Message);
        Assert.Contains(Segments.PathOf(name), e.Message);
        Assert.Equal($"Shared array '{name}' already exists ('{Segments.PathOf(name)}'); requested int, shape (4,)." +
            " To replace it, create with CreateOptions.Force; to use it, CreateOrAttach or Attach; to have a name removed when its last" +
            $" process ends, create it with SegmentLifetime.LastProcessOut; to remove it now: sharedtyped rm {name}", e.Message);
        Assert.Equal([1.5, 1.5, 1.5], original.AsSpan().ToArray());
        using var again = SharedArray.Attach<double>(name, [3]);
        Assert.Equal([1.5, 1.5, 1.5], again.AsSpan().ToArray());
    }

    [Fact]
    public void TryCreate_returns_false_on_an_existing_name_and_true_otherwise()
    {
        var name = NewName();
        Assert.True(SharedArray.TryCreate<int>(name, [2], 7, out var first));
        using (first)
        {
            Assert.Equal([7, 7], first.AsSpan().ToArray());
            Assert.False(SharedArray.TryCreate<int>(name, [2], out var second));
            Assert.Null(second);
            Assert.False(SharedArray.TryCreate<int>(name, [2], 9, out second));
            Assert.Null(second);
            Assert.False(SharedArray.TryCreate<int>(name, [2], [8, 9], out second));
            Assert.Null(second);
            Assert.Equal([7, 7], first.AsSpan().ToArray());
        }
    }

    [Fact]
    public void TryCreate_from_a_source_copies_it_and_checks_its_length()
    {
        var name = NewName();
        Assert.True(SharedArray.TryCreate<int>(name, [2, 2], [1, 2, 3, 4], out var array));
        using (array)
        {
            Assert.Equal(4, array[1, 1]);
            Assert.Equal([1, 2, 3, 4], array.AsSpan().ToArray());
        }
        var other = NewName();
        var e = Assert.Throws<ArgumentException>(() => SharedArray.TryCreate<int>(other, [2, 2], [1, 2, 3], out _));
        Assert.Contains($"Shared array '{other}' (int, shape (2, 2)) has 4 elements but the source has 3.", e.Message);
        Assert.False(SharedArray.Exists(other));
    }

    [Fact]
    public void Force_replaces_an_existing_segment_and_old_mappings_keep_the_old_memory()
    {
        var name = NewName();
        using var old = SharedArray.Create(name, [2], 1.0);
        if (OperatingSystem.IsWindows())
        {
            // Windows frees a name only with its last handle: Force cannot replace a held segment, and says so.
            var e = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [3, 3], 4, new CreateOptions { Force = true }));
            Assert.Contains("Force cannot replace it on Windows", e.Message, StringComparison.Ordinal);
            Assert.Equal([1.0, 1.0], old.AsSpan().ToArray());
            return;
        }
        using var replaced = SharedArray.Create<int>(name, [3, 3], 4, new CreateOptions { Force = true });
        Assert.Equal([1.0, 1.0], old.AsSpan().ToArray());
        old[0] = 99;
        Assert.All(replaced.AsSpan().ToArray(), v => Assert.Equal(4, v));
        using var attached = SharedArray.Attach<int>(name, [3, 3]);
        Assert.Equal(4, attached[2, 2]);
        Assert.Equal(DTypeCode.Int32, SharedMemory.Inspect(name).Code);
    }

    [Fact]
    public void Force_on_a_free_name_just_creates()
    {
        var name = NewName();
        using var array = SharedArray.Create<short>(name, [1], new CreateOptions { Force = true });
        Assert.True(SharedArray.Exists(name));
    }

    [Fact]
    public void CreateOrAttach_creates_once_then_attaches()
    {
        var name = NewName();
        using var first = SharedArray.CreateOrAttach<float>(name, [4], out var created);
        Assert.True(created);
        first[3] = 2.5f;
        using var second = SharedArray.CreateOrAttach<float>(name, [4], out created);
        Assert.False(created);
        Assert.Equal(2.5f, second[3]);
        Assert.Throws<SharedArrayMismatchException>(() => SharedArray.CreateOrAttach<float>(name, [5], out _));
    }

    [Fact]
    public void The_shared_default_options_carry_the_documented_timeouts()
    {
        // Default is built by a static initialiser; one written before the default it copies would copy zero.
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), (AttachOptions.DefaultLockTimeout, CreateOptions.DefaultPublicationTimeout));
        Assert.Equal(AttachOptions.DefaultLockTimeout, AttachOptions.Default.LockTimeout);
        Assert.Equal(AttachOptions.DefaultLockTimeout, new AttachOptions().LockTimeout);
        Assert.Equal(CreateOptions.DefaultPublicationTimeout, CreateOptions.Default.PublicationTimeout);
        Assert.Equal(CreateOptions.DefaultPublicationTimeout, new CreateOptions().PublicationTimeout);
    }

    [Fact]
    public void Attach_accepts_minus_one_as_any_extent()
    {
        var name = NewName();
        using var array = SharedArray.Create<int>(name, [6, 2]);
        using var any = SharedArray.Attach<int>(name, [-1, 2]);
        Assert.Equal([6L, 2L], any.Shape.ToArray());
        using var both = SharedArray.Attach<int>(name, [-1, -1]);
        Assert.Equal(12, both.Length);
    }

    [Fact]
    public void Delete_frees_the_name_and_existing_mappings_stay_valid()
    {
        var name = NewName();
        using var array = SharedArray.Create<int>(name, [3], 5);
        using var view = SharedArray.AttachReadOnly<int>(name);
        // Windows cannot free a name that is held: the segment is marked deleted, and Delete says the name is not free yet.
        var windows = OperatingSystem.IsWindows();
        Assert.Equal(!windows, SharedArray.Delete(name));
        Assert.False(SharedArray.Exists(name));
        Assert.Equal(windows, Segments.FileExists(name));
        if (!windows)
        {
            Assert.DoesNotContain(name, SharedMemory.List());
        }
        array[1] = 42;
        Assert.Equal(42, view[1]);
        Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<int>(name));
        if (windows)
        {
            Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [3]));
            return;
        }
        using var fresh = SharedArray.Create<int>(name, [3]);
        Assert.Equal(0, fresh[1]);
        Assert.Equal(42, array[1]);
    }

    [Fact]
    public void Delete_of_a_missing_name_says_the_name_is_free()
    {
        var name = NewName();
        Assert.True(SharedArray.Delete(name));
        Assert.True(SharedArray.Delete(name));
    }

    [Fact]
    public void List_shows_segments_and_hides_dot_files()
    {
        var name = NewName();
        if (OperatingSystem.IsWindows())
        {
            var e = Assert.Throws<PlatformNotSupportedException>(() => SharedMemory.List());
            Assert.StartsWith("SharedMemory.List is not available on Windows", e.Message, StringComparison.Ordinal);
            return;
        }
        Assert.DoesNotContain(name, SharedMemory.List());
        using var array = SharedArray.Create<int>(name, [1]);
        var names = SharedMemory.List();
        Assert.Contains(name, names);
        Assert.All(names, n => Assert.False(n.StartsWith('.'), n));
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void IsShared_answers_for_real()
    {
        var name = NewName();
        var array = SharedArray.Create<double>(name, [4, 4]);
        var view = SharedArray.AttachReadOnly<double>(name);
        Assert.True(SharedArray.IsShared(array));
        Assert.True(SharedArray.IsShared(view));
        Assert.True(SharedArray.IsShared<double>(array.AsSpan()));
        Assert.True(SharedArray.IsShared<double>(array.Row(2)));
        Assert.True(SharedArray.IsShared(view.AsSpan()));
        Assert.False(SharedArray.IsShared(new double[16]));
        Assert.False(SharedArray.IsShared<double>(new double[16]));
        Assert.False(SharedArray.IsShared<double>(ReadOnlySpan<double>.Empty));
        Assert.False(SharedArray.IsShared("prices"));
        Assert.False(SharedArray.IsShared(null));
        array.Dispose();
        view.Dispose();
        Assert.False(SharedArray.IsShared(array));
        Assert.False(SharedArray.IsShared(view));
    }

    [Theory]
    [InlineData(SegmentPermissions.Owner, 0x180)]
    [InlineData(SegmentPermissions.Group, 0x1B0)]
    [InlineData(SegmentPermissions.Everyone, 0x1B6)]
    public void Permissions_set_the_file_mode(SegmentPermissions permissions, int mode)
    {
        var name = NewName();
        if (OperatingSystem.IsWindows())
        {
            // Windows: a security descriptor instead of a mode (docs/guarantees.md, "Windows").
            PermissionsSetTheSecurityDescriptor(name, permissions);
            return;
        }
        using var array = SharedArray.Create<int>(name, [1], new CreateOptions { Permissions = permissions });
        Assert.Equal(mode, SharedMemory.Inspect(name).Mode);
        Assert.Equal((UnixFileMode)mode, File.GetUnixFileMode(Segments.PathOf(name)));
    }

    [Fact]
    public void A_directory_option_puts_segments_elsewhere()
    {
        if (OperatingSystem.IsWindows())
        {
            // No directory of segments on Windows: the option throws saying so, on every entry point.
            var refused = NewName();
            var temp = Path.GetTempPath();
            Assert.Contains("cannot be used on Windows", Assert.Throws<PlatformNotSupportedException>(
                () => SharedArray.Create<int>(refused, [1], new CreateOptions { Directory = temp })).Message, StringComparison.Ordinal);
            Assert.Throws<PlatformNotSupportedException>(() => SharedArray.Attach<int>(refused, new AttachOptions { Directory = temp }));
            Assert.Throws<PlatformNotSupportedException>(() => SharedArray.Exists(refused, temp));
            Assert.Throws<PlatformNotSupportedException>(() => SharedArray.Delete(refused, new DeleteOptions { Directory = temp }));
            Assert.Throws<PlatformNotSupportedException>(() => SharedMemory.Inspect(refused, new InspectOptions { Directory = temp }));
            Assert.False(SharedArray.Exists(refused));
            return;
        }
        using var scratch = new TempDirectory("dir");
        var directory = scratch.Path;
        var name = NewName();
        using var array = SharedArray.Create(name, [2, 2], 3.0, new CreateOptions { Directory = directory });
        Assert.True(File.Exists(Path.Combine(directory, name)));
        Assert.False(SharedArray.Exists(name));
        Assert.True(SharedArray.Exists(name, directory));
        Assert.Equal([name], SharedMemory.List(directory));
        using var attached = SharedArray.Attach<double>(name, [2, 2], new AttachOptions { Directory = directory });
        Assert.Equal(3.0, attached[1, 1]);
        Assert.Equal(DTypeCode.Float64, SharedMemory.Inspect(name, new InspectOptions { Directory = directory }).Code);
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = directory }));
        Assert.False(File.Exists(Path.Combine(directory, name)));
    }

    [Fact]
    public void A_missing_directory_is_named_in_the_error()
    {
        if (OperatingSystem.IsWindows())
        {
            // Any directory is refused there, missing or not (see A_directory_option_puts_segments_elsewhere).
            var missing = UniqueNames.NewTempPath("missing");
            Assert.Throws<PlatformNotSupportedException>(() => SharedArray.Create<int>(NewName(), [1], new CreateOptions { Directory = missing }));
            return;
        }
        var directory = UniqueNames.NewTempPath("missing");
        var name = NewName();
        var e = Assert.Throws<DirectoryNotFoundException>(() => SharedArray.Create<int>(name, [1], new CreateOptions { Directory = directory }));
        Assert.Contains($"Shared array '{name}': the shared-memory directory '{directory}' does not exist.", e.Message);
        Assert.False(SharedArray.Exists(name, directory));
        Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<int>(name, new AttachOptions { Directory = directory }));
    }

    [Fact]
    public void Concurrent_attach_and_dispose_share_one_mapping_and_release_it_exactly()
    {
        var name = NewName();
        var path = Segments.PathOf(name);
        // Linux: the creator's mapping is known by address, not by path, so it goes first; Windows:
        // it is held until the anchor has the segment, which goes with its last handle.
        var creator = SharedArray.Create<long>(name, [8]);
        if (OperatingSystem.IsLinux())
        {
            creator.Dispose();
        }
        using var anchor = SharedArray.Attach<long>(name);
        creator.Dispose();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var i = 0; i < 200; i++)
            {
                using var array = SharedArray.Attach<long>(name, [8]);
                Interlocked.Increment(ref array[worker]);
                using var view = SharedArray.AttachReadOnly<long>(name);
                Assert.True(view[worker] > 0);
            }
        });
        Assert.All(anchor.AsSpan().ToArray(), v => Assert.Equal(200, v));
        if (!OperatingSystem.IsLinux())
        {
            // No list of a process's mappings on Windows: the name goes with the last handle, so it
            // being gone shows that every attach closed what it opened.
            anchor.Dispose();
            Assert.False(Segments.FileExists(name));
            return;
        }
        Assert.Single(Maps.Of(path), m => m.Permissions == "rw-s");
        anchor.Dispose();
        Assert.Empty(Maps.Of(path));
        Assert.Empty(Maps.DescriptorsOf(path));
    }

    [Fact]
    public void The_logger_hears_create_attach_close_and_delete()
    {
        var name = NewName();
        var logger = new ListLogger();
        using (SharedArray.Create<int>(name, [2, 3], new CreateOptions { Logger = logger }))
        using (SharedArray.Attach<int>(name, new AttachOptions { Logger = logger }))
        {
            // While held: on Windows the segment would be gone with its last handle, with nothing left to delete.
            SharedArray.Delete(name, new DeleteOptions { Logger = logger });
        }
        var text = string.Join('\n', logger.Messages.Select(m => m.Message));
        Assert.Contains($"Created shared array '{name}' of int with shape (2, 3) (256 bytes)", text);
        Assert.Contains($"Attached to shared array '{name}' of int with shape (2, 3) (read-only: False)", text);
        Assert.Contains($"Closed shared array '{name}'", text);
        Assert.Contains($"Deleted shared array '{name}'", text);
    }

    [Fact]
    public void A_non_ASCII_name_works_across_processes()
    {
        var name = NewName() + " préçis-ünïcødé-名前";
        Segments.HandedOut[name] = "non-ASCII name";
        try
        {
            using var array = SharedArray.Create<double>(name, [2, 3], ElementKind.Float64.Values(6));
            Assert.True(Segments.FileExists(name));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Contains(name, SharedMemory.List());
            }
            var result = Peer.Run("check-and-write", name, "2", "3");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(-1.0, array[1, 2]);
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void ToString_names_the_array_its_type_and_shape()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [10, 3]);
        Assert.Equal($"Shared array '{name}' (double, shape (10, 3))", array.ToString());
        using var view = array.AsReadOnly();
        Assert.Equal($"Shared array '{name}' (double, shape (10, 3))", view.ToString());
    }

    /// <summary>
    /// Owner: this user alone, with full access, and the descriptor protected from inheritance;
    /// Everyone: read and write for every user too; Group has no counterpart and is refused.
    /// Wine keeps and returns these descriptors; what they mean across real users is for a real Windows.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void PermissionsSetTheSecurityDescriptor(string name, SegmentPermissions permissions)
    {
        var user = System.Security.Principal.WindowsIdentity.GetCurrent().User!.Value;
        if (permissions == SegmentPermissions.Group)
        {
            var e = Assert.Throws<PlatformNotSupportedException>(() => SharedArray.Create<int>(name, [1], new CreateOptions { Permissions = permissions }));
            Assert.Contains($"Shared array '{name}': SegmentPermissions.Group has no counterpart on Windows", e.Message, StringComparison.Ordinal);
            Assert.False(SharedArray.Exists(name));
            return;
        }
        using var array = SharedArray.Create<int>(name, [1], new CreateOptions { Permissions = permissions });
        Assert.Equal(-1, SharedMemory.Inspect(name).Mode);
        var sddl = WindowsMappings.SecurityDescriptorOf(name);
        Assert.StartsWith($"O:{user}D:P", sddl, StringComparison.Ordinal);
        Assert.Contains($"(A;;", sddl, StringComparison.Ordinal);
        Assert.Contains($";;;{user})", sddl, StringComparison.Ordinal);
        Assert.Equal(permissions == SegmentPermissions.Everyone, sddl.Contains(";;;WD)", StringComparison.Ordinal));
    }

    /// <summary>Every entry point on one element type: the values survive each way in and out.</summary>
    private sealed class RoundTrip(string name) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            long[] shape = [3, 5];
            var values = kind.Values(15);
            Assert.False(SharedArray.Exists(name));
            Assert.False(SharedArray.TryAttach<T>(name, out var missing));
            Assert.Null(missing);
            Assert.False(SharedArray.TryAttachReadOnly<T>(name, out var missingView));
            Assert.Null(missingView);

            using var created = SharedArray.Create<T>(name, shape, values);
            Assert.Equal(name, created.Name);
            Assert.True(SharedArray.Exists(name));
            if (!OperatingSystem.IsWindows())
            {
                // Windows has no listing of named mappings (List throws there, see List_shows_segments_and_hides_dot_files).
                Assert.Contains(name, SharedMemory.List());
            }
            Assert.Equal(-1, kind.FirstMismatch(created.AsSpan()));

            using var any = SharedArray.Attach<T>(name);
            using var exact = SharedArray.Attach<T>(name, shape);
            Assert.True(SharedArray.TryAttach<T>(name, out var tried));
            Assert.True(SharedArray.TryAttach<T>(name, shape, out var triedShape));
            using var view = SharedArray.AttachReadOnly<T>(name);
            using var viewShape = SharedArray.AttachReadOnly<T>(name, shape);
            Assert.True(SharedArray.TryAttachReadOnly<T>(name, out var triedView));
            Assert.True(SharedArray.TryAttachReadOnly<T>(name, shape, out var triedViewShape));
            using (tried)
            using (triedShape)
            using (triedView)
            using (triedViewShape)
            {
                foreach (var attached in new[] { any, exact, tried, triedShape })
                {
                    Assert.Equal(shape, attached.Shape.ToArray());
                    Assert.Equal(-1, kind.FirstMismatch(attached.AsSpan()));
                }
                Assert.Equal(-1, kind.FirstMismatch(view.AsSpan()));
                Assert.Equal(-1, kind.FirstMismatch(triedViewShape.AsSpan()));
                Assert.Equal(shape, view.Shape.ToArray());
                Assert.Equal(15, view.Length);
                Assert.Equal(15L * kind.Size, view.ByteLength);

                // The read-only attach is a separate, read-only mapping of the same pages.
                exact[2, 4] = kind.Value(1000);
                Assert.True(ElementKind<T>.Same(kind.Value(1000), view[2, 4]));
                Assert.True(ElementKind<T>.Same(kind.Value(1000), triedView.At(2, 4)));
            }
            // Windows cannot free a held name: it is marked deleted, and Delete says it is not free yet.
            Assert.Equal(!OperatingSystem.IsWindows(), SharedArray.Delete(name));
            Assert.False(SharedArray.Exists(name));
            Assert.True(ElementKind<T>.Same(kind.Value(1000), created[2, 4]));
            Assert.True(SharedArray.IsShared(created));
            Assert.True(SharedArray.IsShared<T>(created.AsSpan()));
            if (OperatingSystem.IsWindows())
            {
                // The name is still held (by created): no new segment of it until its last holder closes.
                Assert.False(SharedArray.TryCreate<T>(name, shape, kind.Value(3), out var refused));
                Assert.Null(refused);
                return true;
            }

            Assert.True(SharedArray.TryCreate<T>(name, shape, kind.Value(3), out var again));
            using (again)
            {
                Assert.All(again.AsSpan().ToArray(), v => Assert.True(ElementKind<T>.Same(kind.Value(3), v)));
                Assert.False(SharedArray.TryCreate<T>(name, shape, out var taken));
                Assert.Null(taken);
                Assert.True(SharedArray.IsShared(again));
            }
            Assert.False(SharedArray.IsShared(again));
            Assert.True(SharedArray.Delete(name));
            return true;
        }
    }
}
