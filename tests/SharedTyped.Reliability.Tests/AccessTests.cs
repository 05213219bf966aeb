using SharedTyped.Testing;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Who may attach": segments are 0600 unless asked otherwise (0660, 0666), whatever the
/// umask; an attach refuses a segment another user owns unless the caller opts in, and refuses what
/// is not a plain segment (a symbolic link, a FIFO, a directory) squatting on the name.
/// </summary>
public sealed class AccessTests
{
    public static TheoryData<SegmentPermissions, uint, int> Modes()
    {
        var data = new TheoryData<SegmentPermissions, uint, int>();
        foreach (var umask in new uint[] { 0, 0x12 /* 022 */, 0x1FF /* 0777 */ })
        {
            data.Add(SegmentPermissions.Owner, umask, 0x180);
            data.Add(SegmentPermissions.Group, umask, 0x1B0);
            data.Add(SegmentPermissions.Everyone, umask, 0x1B6);
        }
        return data;
    }

    [LinuxTheory("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    [MemberData(nameof(Modes))]
    public void A_new_segment_has_exactly_the_mode_asked_for_whatever_the_umask(SegmentPermissions permissions, uint umask, int expected)
    {
        using var cleanup = new Cleanup();
        var created = cleanup.Name("mode");
        var loaded = cleanup.Name("mode-load");
        var file = UniqueNames.NewTempPath("file");
        File.WriteAllBytes(file, ToFile(4));
        var previous = Native.Umask(umask);
        try
        {
            using (SharedArray.Create<int>(created, [4], new CreateOptions { Permissions = permissions }))
            {
            }
            using (SharedArray.Load<int>(file, loaded, new LoadOptions { Permissions = permissions }).Array)
            {
            }
        }
        finally
        {
            Native.Umask(previous);
            File.Delete(file);
        }
        Assert.Equal(expected, (int)File.GetUnixFileMode(Segments.PathOf(created)));
        Assert.Equal(expected, (int)File.GetUnixFileMode(Segments.PathOf(loaded)));
        Assert.Equal(expected, SharedMemory.Inspect(created).Mode);
    }

    [RootFact("chown to another user")]
    public void A_segment_owned_by_another_user_is_refused_unless_trusted()
    {
        var name = Segments.NewName("foreign");
        using var cleanup = new Cleanup(name);
        var file = UniqueNames.NewTempPath("file");
        using (SharedArray.Create<int>(name, [4], [1, 2, 3, 4]))
        {
        }
        // 65534 is "nobody": as root we can make a segment someone else's; the check is by uid, root included.
        Native.ChownOrFail(Segments.PathOf(name), 65534, 65534);
        File.WriteAllBytes(file, ToFile(4));
        try
        {
            var refusals = new Action[]
            {
                () => SharedArray.Attach<int>(name),
                () => SharedArray.Attach<int>(name, [4]),
                () => SharedArray.TryAttach<int>(name, out _),
                () => SharedArray.AttachReadOnly<int>(name),
                () => SharedArray.TryAttachReadOnly<int>(name, [4], out _),
                () => SharedArray.CreateOrAttach<int>(name, [4], out _),
                () => SharedArray.Attach<int>(name, new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut }),
                () => SharedArray.Load<int>(file, name),
                () => SharedMemory.Inspect(name, new InspectOptions { AcceptForeignSegment = false }),
            };
            for (var i = 0; i < refusals.Length; i++)
            {
                var e = Record.Exception(refusals[i]);
                Assert.True(e is SharedArrayAccessException, $"refusal {i} gave {e?.GetType().Name ?? "no exception"}: {e?.Message}");
                Assert.NotNull(e);
                Assert.Contains($"Shared array '{name}'", e.Message, StringComparison.Ordinal);
                Assert.Contains("is owned by user 65534", e.Message, StringComparison.Ordinal);
                Assert.Contains("AcceptForeignSegment", e.Message, StringComparison.Ordinal);
            }

            var look = Assert.Throws<SharedArrayAccessException>(() => SharedMemory.Inspect(name, new InspectOptions { AcceptForeignSegment = false }));
            Assert.Contains("refusing to inspect it. Set InspectOptions.AcceptForeignSegment", look.Message, StringComparison.Ordinal);

            using var trusted = SharedArray.Attach<int>(name, [4], new AttachOptions { AcceptForeignSegment = true });
            Assert.Equal([1, 2, 3, 4], trusted.AsSpan().ToArray());
            var loaded = SharedArray.Load<int>(file, name, new LoadOptions { AcceptForeignSegment = true });
            using (loaded.Array)
            {
                Assert.True(loaded.Attached);
            }
            Assert.Equal(65534, SharedMemory.Inspect(name).OwnerId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_symbolic_link_on_the_name_is_refused_even_to_a_valid_segment()
    {
        using var cleanup = new Cleanup();
        var target = cleanup.Name("link-target");
        var name = Segments.NewName("link");
        using var real = SharedArray.Create<int>(target, [4], fill: 9);
        File.CreateSymbolicLink(Segments.PathOf(name), Segments.PathOf(target));
        try
        {
            var e = Assert.Throws<SharedArrayAccessException>(() => SharedArray.Attach<int>(name));
            Assert.Contains($"Shared array '{name}'", e.Message, StringComparison.Ordinal);
            Assert.Contains("is a symbolic link", e.Message, StringComparison.Ordinal);
            Assert.Throws<SharedArrayAccessException>(() => SharedArray.AttachReadOnly<int>(name));
        }
        finally
        {
            File.Delete(Segments.PathOf(name));
        }
    }

    /// <summary>Opening a FIFO for reading blocks until a writer comes; an attach must refuse it instead of hanging.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public async Task A_fifo_on_the_name_is_refused_without_hanging()
    {
        var name = Segments.NewName("fifo");
        Assert.Equal(0, Native.MkFifo(Segments.PathOf(name), 0x180));
        try
        {
            var attach = Task.Run(() => Record.Exception(() => SharedArray.AttachReadOnly<int>(name)));
            Assert.True(await Task.WhenAny(attach, Task.Delay(PeerProcess.Patience)) == attach, "attaching read-only to a FIFO hung");
            var e = Assert.IsType<SharedArrayFormatException>(await attach);
            Assert.Contains($"Shared array '{name}'", e.Message, StringComparison.Ordinal);
            Assert.Contains("is not a regular file", e.Message, StringComparison.Ordinal);
            Assert.Throws<SharedArrayFormatException>(() => SharedArray.Attach<int>(name));
        }
        finally
        {
            File.Delete(Segments.PathOf(name));
        }
    }

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_directory_on_the_name_is_refused()
    {
        var name = Segments.NewName("dir");
        Directory.CreateDirectory(Segments.PathOf(name));
        try
        {
            var writable = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Attach<int>(name));
            Assert.Contains($"Shared array '{name}'", writable.Message, StringComparison.Ordinal);
            Assert.Contains("is a directory", writable.Message, StringComparison.Ordinal);
            var readOnly = Assert.Throws<SharedArrayFormatException>(() => SharedArray.AttachReadOnly<int>(name));
            Assert.Contains("is not a regular file", readOnly.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Segments.PathOf(name));
        }
    }

    private static byte[] ToFile(int elements) => CdxcoreBytes.File<int>([elements], new int[elements]);
}
