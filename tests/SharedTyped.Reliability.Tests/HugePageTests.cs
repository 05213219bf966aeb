using SharedTyped.Testing;
using System.Text.Json;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Huge-page segments on private tmpfs mounts of each <c>huge=</c> policy: Require refuses clearly where
/// there are none, Prefer falls back, and where there are some every way of making a segment gets them,
/// with the right data, readable by a numpy peer that attaches by name.
/// </summary>
public sealed class HugePageTests
{
    private const long HugePage = 2L << 20;
    // 3 MiB of doubles and a header: not a multiple of a huge page, so the rounding shows.
    private const long Elements = (3L << 20) / sizeof(double);

    [RootFact("mount a tmpfs with huge=never")]
    public void Require_on_a_tmpfs_mounted_huge_never_names_the_mount_and_how_to_enable_it()
    {
        using var tmpfs = SmallTmpfs.Mount("32m", "huge=never");
        var name = Segments.NewName("huge-require");
        var e = Assert.Throws<SharedArrayHugePagesException>(() =>
            SharedArray.Create<double>(name, [Elements], new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Require }));
        Assert.Contains($"Shared array '{name}' (double, shape ({Elements},)) requires huge pages (HugePages.Require)", e.Message);
        Assert.Contains($"'{tmpfs.Path}' is a tmpfs mounted huge=never", e.Message);
        Assert.Contains($"mount -o remount,huge=within_size {tmpfs.Path}", e.Message);
        Assert.Contains("HugePages.Prefer", e.Message);
        Assert.False(e.Support.Available);
        Assert.Equal(tmpfs.Path, e.Support.MountPoint);
        Assert.Equal("never", e.Support.HugeOption);
        Assert.Equal("tmpfs", e.Support.FileSystem);
        Assert.Empty(Segments.Entries(tmpfs.Path));

        var file = WriteFile(tmpfs.Path, "input.bin");
        var load = Assert.Throws<SharedArrayHugePagesException>(() =>
            SharedArray.Load<double>(file, name, new LoadOptions { Directory = tmpfs.Path, HugePages = HugePages.Require }));
        Assert.Contains($"Shared array '{name}' (double, shape ({Elements},)) requires huge pages", load.Message);
        Assert.Contains($"'{tmpfs.Path}' is a tmpfs mounted huge=never", load.Message);
        Assert.Equal(["input.bin"], Segments.Entries(tmpfs.Path));
    }

    [RootFact("mount a tmpfs with huge=never")]
    public void Require_fails_before_reserving_anything_naming_the_array_its_shape_and_element_type_and_the_reason()
    {
        using var tmpfs = SmallTmpfs.Mount("32m", "huge=never");
        var name = Segments.NewName("huge-require-2d");
        var e = Assert.Throws<SharedArrayHugePagesException>(() =>
            SharedArray.Create<float>(name, [3, 1024], 2.5f, new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Require }));
        Assert.StartsWith($"Shared array '{name}' (float, shape (3, 1024)) requires huge pages (HugePages.Require), but '{tmpfs.Path}' is a tmpfs mounted huge=never", e.Message);
        Assert.Empty(Segments.Entries(tmpfs.Path));
        // Nothing was allocated: the tmpfs holds no page.
        Assert.Equal(0, UsedBytes(tmpfs.Path));
    }

    [RootFact("mount tmpfs file systems with huge=within_size and huge=advise")]
    public void Prefer_moves_the_segment_onto_huge_pages_after_the_create_keeping_what_is_written_meanwhile()
    {
        foreach (var policy in (string[])["within_size", "advise"])
        {
            using var tmpfs = SmallTmpfs.Mount("96m", $"huge={policy}");
            if (!KernelOffersHugePages(tmpfs.Path))
            {
                return;
            }
            var name = Segments.NewName("huge-collapse");
            const long elements = (32L << 20) / sizeof(long);
            using (var array = SharedArray.Create<long>(name, [elements], new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Prefer }))
            {
                // Written while the background collapse runs: every value must survive the move.
                var span = array.AsSpan();
                for (var i = 0L; i < elements; i++)
                {
                    span[(int)i] = i * 3;
                }
                Assert.True(array.WaitForHugePages(TimeSpan.FromMinutes(2)), $"the collapse on huge={policy} did not finish");
                var length = new FileInfo(Path.Combine(tmpfs.Path, name)).Length;
                Assert.Equal(0, length % HugePage);
                Assert.Equal(length, array.HugePageBytes);
                Assert.True(array.UsesHugePages);
                for (var i = 0L; i < elements; i++)
                {
                    if (span[(int)i] != i * 3)
                    {
                        Assert.Fail($"element {i} is {span[(int)i]} after the collapse on huge={policy}, not {i * 3}");
                    }
                }
                Assert.Equal(length, SharedMemory.Inspect(name, new InspectOptions { Directory = tmpfs.Path }).HugePageBytes);
            }
            Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
            Assert.Equal(0, UsedBytes(tmpfs.Path));
        }
    }

    [RootFact("mount a tmpfs with huge=within_size")]
    public void Disposing_or_deleting_a_Prefer_segment_while_it_is_collapsed_stops_the_collapse_and_lets_go_of_it()
    {
        using var tmpfs = SmallTmpfs.Mount("96m", "huge=within_size");
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        const long elements = (64L << 20) / sizeof(double);
        var options = new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Prefer };
        for (var round = 0; round < 12; round++)
        {
            var name = Segments.NewName("huge-race");
            var array = SharedArray.Create<double>(name, [elements], 1.5, options);
            Thread.Sleep(round % 4);
            if (round % 2 == 0)
            {
                // Dispose races the collapse: it stops it and waits for it to let go of the segment.
                array.Dispose();
                Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
            }
            else
            {
                // The name goes first: the collapse stops by itself, the array still reads its data.
                Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
                Assert.True(array.WaitForHugePages(TimeSpan.FromMinutes(1)), "the collapse of a deleted segment did not stop");
                Assert.Equal(1.5, array[elements - 1]);
                array.Dispose();
            }
            Assert.Equal(0, ProcSelf.DescriptorsUnder(tmpfs.Path));
            Assert.Equal(0, ProcSelf.MappingsOf(tmpfs.Path));
            Assert.Equal(0, UsedBytes(tmpfs.Path));
        }
    }

    [RootFact("mount a tmpfs with huge=never")]
    public void Prefer_on_a_tmpfs_mounted_huge_never_falls_back_to_4_KiB_pages()
    {
        using var tmpfs = SmallTmpfs.Mount("32m", "huge=never");
        var name = Segments.NewName("huge-prefer");
        using (var array = SharedArray.Create<double>(name, [Elements], 2.5, new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Prefer }))
        {
            Assert.False(array.UsesHugePages);
            Assert.Equal(0, array.HugePageBytes);
            Assert.Equal(2.5, array[Elements - 1]);
        }
        // Not rounded: only a segment that gets huge pages is sized to whole huge pages.
        Assert.Equal(SegmentLayout.For<double>(name, [Elements]).TotalBytes, new FileInfo(Path.Combine(tmpfs.Path, name)).Length);
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = tmpfs.Path });
        Assert.False(info.UsesHugePages);
        Assert.Equal(0, info.HugePageBytes);
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
        Assert.False(HugePageSupport.For(tmpfs.Path).Available);
    }

    [Fact]
    public void Free_huge_pages_are_counted_from_buddyinfo_in_every_zone_but_DMA()
    {
        // This machine after boot, and after MemoryFragmenter (benchmarks/) broke up its free memory.
        string[] fresh =
        [
            "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 ",
            "Node 0, zone    DMA32      1      2      2      2      1      2      0      3      3      1    753 ",
            "Node 0, zone   Normal    959    303    286    783    967    657    426    266    159     95    203 ",
        ];
        Assert.Equal(1 + 2 * 753 + 95 + 2 * 203, BuddyInfo.FreeBlocks(fresh, HugePage));
        Assert.Equal(753 + 203, BuddyInfo.FreeBlocks(fresh, 2 * HugePage));
        string[] fragmented =
        [
            "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 ",
            "Node 0, zone    DMA32  48292  48293  48293  48293      1      2      0      0      0      0      0 ",
            "Node 0, zone   Normal 191592 258189 236140 208270   5698   2861   4823      0      0      0      0 ",
        ];
        Assert.Equal(0, BuddyInfo.FreeBlocks(fragmented, HugePage));
        // This machine's own count: /proc/buddyinfo is Linux's.
        Assert.True(!OperatingSystem.IsLinux() || BuddyInfo.FreeBlocks(HugePage) >= 0);
    }

    [RootFact("mount a tmpfs with huge=within_size")]
    public void A_segment_only_partly_on_huge_pages_says_how_much_and_is_not_called_huge()
    {
        using var tmpfs = SmallTmpfs.Mount("32m", "huge=within_size");
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        // HugePages.Off does not round: the kernel gives a huge page only to the first 2 MiB, which lie
        // wholly inside the file, and 4 KiB pages to the rest, as for a peer's segment of that size.
        var name = Segments.NewName("huge-partly");
        var segmentBytes = SegmentLayout.For<double>(name, [Elements]).TotalBytes;
        using (var array = SharedArray.Create<double>(name, [Elements], 0.5, new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Off }))
        {
            Assert.Equal(HugePage, array.HugePageBytes);
            Assert.False(array.UsesHugePages);
            Assert.Equal(0.5, array[Elements - 1]);
        }
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = tmpfs.Path });
        Assert.Equal(segmentBytes, info.SegmentBytes);
        Assert.Equal(HugePage, info.HugePageBytes);
        Assert.False(info.UsesHugePages);
        // Attached by another array of this process, which has touched none of it yet: still counted.
        using (var attached = SharedArray.Attach<double>(name, new AttachOptions { Directory = tmpfs.Path }))
        {
            Assert.Equal(HugePage, attached.HugePageBytes);
        }
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
    }

    [LinuxFact("huge pages exist only for Linux tmpfs")]
    public void HugePageSupport_of_dev_shm_names_its_mount_and_Require_follows_it()
    {
        var support = HugePageSupport.For(Segments.Directory);
        Assert.Equal(Segments.Directory, support.MountPoint);
        Assert.Equal("tmpfs", support.FileSystem);
        var options = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).First(f => f[1] == Segments.Directory)[3];
        var huge = options.Split(',').FirstOrDefault(o => o.StartsWith("huge=", StringComparison.Ordinal))?["huge=".Length..] ?? "never";
        Assert.Equal(huge, support.HugeOption);
        if (support.Available)
        {
            return;
        }
        var name = Segments.NewName("huge-devshm");
        var e = Assert.Throws<SharedArrayHugePagesException>(() =>
            SharedArray.Create<double>(name, [Elements], new CreateOptions { Directory = Segments.Directory, HugePages = HugePages.Require }));
        Assert.Contains($"Shared array '{name}' (double, shape ({Elements},)) requires huge pages", e.Message);
        Assert.Contains(support.Summary, e.Message);
        Assert.False(File.Exists(Segments.PathOf(name)));
        if (support.EnableCommand is { } command)
        {
            Assert.Contains(command, e.Message);
            Assert.Contains("/dev/shm", command);
        }
    }

    [RootFact("mount a tmpfs with huge=advise")]
    public void On_a_tmpfs_mounted_huge_advise_every_create_and_load_gets_huge_pages() => EveryWayGetsHugePages("advise");

    [RootFact("mount a tmpfs with huge=within_size")]
    public void On_a_tmpfs_mounted_huge_within_size_every_create_and_load_gets_huge_pages() => EveryWayGetsHugePages("within_size");

    [RootFact("mount a small tmpfs with huge=advise")]
    public void A_huge_page_segment_that_does_not_fit_fails_at_create_and_leaves_nothing()
    {
        // 2.5 MiB fits this tmpfs in 4 KiB pages, but not rounded up to two huge pages.
        using var tmpfs = SmallTmpfs.Mount("3m", "huge=advise");
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        var name = Segments.NewName("huge-full");
        SharedArray<double>? made = null;
        var thrown = Record.Exception(() =>
            made = SharedArray.Create<double>(name, [(5L << 19) / sizeof(double)], new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Require }));
        made?.Dispose();
        SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path });
        var e = Assert.IsType<SharedArrayOutOfSpaceException>(thrown);
        Assert.Contains($"Shared array '{name}' needs {2 * HugePage} bytes", e.Message);
        Assert.Equal(2 * HugePage, e.RequestedBytes);
        Assert.Empty(Segments.Entries(tmpfs.Path));
    }

    [RootFact("mount a tmpfs with huge=within_size and bind it over /dev/shm in a private mount namespace")]
    public void A_numpy_peer_attaches_a_huge_page_segment_by_name()
    {
        using var tmpfs = SmallTmpfs.Mount("32m", "huge=within_size");
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        var name = Segments.NewName("huge-numpy");
        var source = Enumerable.Range(0, (int)Elements).Select(i => i * 0.5).ToArray();
        using var array = SharedArray.Create<double>(name, [Elements], source, new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Require });
        try
        {
            Assert.True(array.UsesHugePages);
            // numpy's SharedMemory opens /dev/shm/<name>; in a mount namespace of its own, /dev/shm is this tmpfs.
            var result = RunNumpyPeer(tmpfs.Path, name);
            Assert.Equal(Elements, result.GetProperty("shape")[0].GetInt64());
            Assert.Equal("float64", result.GetProperty("dtype").GetString());
            Assert.Equal(source.Sum(), result.GetProperty("sum").GetDouble());
            Assert.Equal((Elements - 1) * 0.5, result.GetProperty("last").GetDouble());
            Assert.Equal(0, result.GetProperty("size").GetInt64() % HugePage);
            // What numpy wrote is what this process reads.
            Assert.Equal(-7.0, array[1]);
        }
        finally
        {
            SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path });
        }
    }

    private static void EveryWayGetsHugePages(string policy)
    {
        using var tmpfs = SmallTmpfs.Mount("64m", $"huge={policy}");
        var support = HugePageSupport.For(tmpfs.Path);
        Assert.Equal(policy, support.HugeOption);
        Assert.Equal(tmpfs.Path, support.MountPoint);
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        Assert.True(support.Available, support.Summary);
        Assert.Equal(HugePage, support.PageBytes);
        var create = new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Require };
        var source = Enumerable.Range(0, (int)Elements).Select(i => i * 0.25).ToArray();

        Check(tmpfs.Path, SharedArray.Create<double>(Segments.NewName("huge-zero"), [Elements], create), i => 0.0);
        Check(tmpfs.Path, SharedArray.Create<double>(Segments.NewName("huge-fill"), [Elements], 1.5, create), i => 1.5);
        Check(tmpfs.Path, SharedArray.Create<double>(Segments.NewName("huge-source"), [Elements], source, create), i => i * 0.25);
        Check(tmpfs.Path, SharedArray.Create<double>(Segments.NewName("huge-prefer"), [Elements], 3.0, create with { HugePages = HugePages.Prefer }), i => 3.0);

        var file = WriteFile(tmpfs.Path, "input.bin");
        var load = new LoadOptions { Directory = tmpfs.Path, HugePages = HugePages.Require };
        var loaded = SharedArray.Load<double>(file, Segments.NewName("huge-load"), load);
        Assert.False(loaded.Attached);
        Check(tmpfs.Path, loaded.Array, i => i * 0.5);
        var readOnly = SharedArray.LoadReadOnly<double>(file, Segments.NewName("huge-load-ro"), load);
        var name = readOnly.Array.Name;
        using (readOnly.Array)
        {
            Assert.True(readOnly.Array.UsesHugePages);
            Assert.Equal(Elements / 2 * 0.5, readOnly.Array[Elements / 2]);
        }
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
        // Read-only with Prefer: the collapse goes on with the read-only mapping once the one that filled the segment is gone.
        var preferred = SharedArray.LoadReadOnly<double>(file, Segments.NewName("huge-load-ro-prefer"), load with { HugePages = HugePages.Prefer });
        name = preferred.Array.Name;
        using (preferred.Array)
        {
            Assert.True(preferred.Array.WaitForHugePages(TimeSpan.FromMinutes(1)));
            Assert.True(preferred.Array.UsesHugePages);
            Assert.Equal(Elements / 2 * 0.5, preferred.Array[Elements / 2]);
        }
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = tmpfs.Path }));
        File.Delete(file);
        Assert.Empty(Segments.Entries(tmpfs.Path));
    }

    [RootFact("mount a tmpfs with huge=within_size")]
    public void A_Prefer_segment_disposed_while_its_collapse_waits_behind_another_is_let_go_at_once()
    {
        using var tmpfs = SmallTmpfs.Mount("900m", "huge=within_size");
        if (!KernelOffersHugePages(tmpfs.Path))
        {
            return;
        }
        var options = new CreateOptions { Directory = tmpfs.Path, HugePages = HugePages.Prefer };
        var first = Segments.NewName("huge-first");
        var second = Segments.NewName("huge-second");
        // One thread collapses for the process: the second segment's collapse waits until the first one's is
        // over, about 3 s for 768 MiB on a virtual machine, longer than Dispose would wait for a collapse.
        using var busy = SharedArray.Create<double>(first, [(768L << 20) / sizeof(double)], 1.5, options);
        var queued = SharedArray.Create<double>(second, [(16L << 20) / sizeof(double)], 2.5, options);
        var inode = Native.Inode(Path.Combine(tmpfs.Path, second));
        queued.Dispose();
        Assert.True(SharedArray.Delete(second, new DeleteOptions { Directory = tmpfs.Path }));
        Assert.Equal(0, DescriptorsOf(tmpfs.Path, inode));
        Assert.Equal(1.5, busy[0]);
        busy.Dispose();
        Assert.True(SharedArray.Delete(first, new DeleteOptions { Directory = tmpfs.Path }));
        Assert.Equal(0, ProcSelf.DescriptorsUnder(tmpfs.Path));
        Assert.Equal(0, UsedBytes(tmpfs.Path));
    }

    /// <summary>Descriptors of this process on the file of <paramref name="inode"/> in <paramref name="directory"/>, removed or not (by inode: a created segment's descriptor names the unnamed file it was built as).</summary>
    private static int DescriptorsOf(string directory, ulong inode) =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget is { } target && target.StartsWith(directory + "/", StringComparison.Ordinal) && Native.InodeFollowing(fd) == inode;
            }
            catch (IOException)
            {
                return false;
            }
        });

    /// <summary>The array has huge pages (a Prefer array once its collapse is over), whole ones, the expected values, and a second attach and Inspect see huge pages too.</summary>
    private static void Check(string directory, SharedArray<double> array, Func<long, double> expected)
    {
        var name = array.Name;
        using (array)
        {
            Assert.True(array.WaitForHugePages(TimeSpan.FromMinutes(1)), $"the collapse of '{name}' did not finish");
            Assert.True(array.UsesHugePages, $"'{name}' is not backed by huge pages");
            Assert.Equal(new FileInfo(Path.Combine(directory, name)).Length, array.HugePageBytes);
            foreach (var i in new[] { 0, 1, Elements / 2, Elements - 1 })
            {
                Assert.Equal(expected(i), array[i]);
            }
            var length = new FileInfo(Path.Combine(directory, name)).Length;
            Assert.Equal(0, length % HugePage);
            Assert.True(length >= SharedArray.Alignment + Elements * sizeof(double));
            var info = SharedMemory.Inspect(name, new InspectOptions { Directory = directory });
            Assert.True(info.UsesHugePages);
            Assert.Equal(length, info.HugePageBytes);
            Assert.Equal(length, info.SegmentBytes);
        }
        Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = directory }));
    }

    /// <summary>
    /// Whether the kernel can give a tmpfs huge pages at all. When it cannot (no transparent huge pages
    /// compiled in, or <c>shmem_enabled</c> set to <c>deny</c>), Require must say so by name, and the test checks that instead.
    /// </summary>
    private static bool KernelOffersHugePages(string directory)
    {
        const string sysfs = "/sys/kernel/mm/transparent_hugepage";
        var compiled = File.Exists($"{sysfs}/hpage_pmd_size");
        var denied = compiled && File.ReadAllText($"{sysfs}/shmem_enabled").Contains("[deny]", StringComparison.Ordinal);
        if (compiled && !denied)
        {
            return true;
        }
        var e = Assert.Throws<SharedArrayHugePagesException>(() =>
            SharedArray.Create<double>(Segments.NewName("huge-none"), [Elements], new CreateOptions { Directory = directory, HugePages = HugePages.Require }));
        Assert.Contains(compiled ? "shmem_enabled is 'deny'" : "no transparent huge pages", e.Message);
        return false;
    }

    /// <summary>Bytes the tmpfs at <paramref name="mountPoint"/> has allocated: 0 when no segment's pages are left.</summary>
    private static long UsedBytes(string mountPoint)
    {
        var drive = new DriveInfo(mountPoint);
        return drive.TotalSize - drive.TotalFreeSpace;
    }

    /// <summary>A cdxcore <c>to_file</c> file of <see cref="Elements"/> doubles, element i = i / 2.</summary>
    private static string WriteFile(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, CdxcoreBytes.File<double>([Elements], Enumerable.Range(0, (int)Elements).Select(i => i * 0.5).ToArray()));
        return path;
    }

    private const string NumpyPeer = """
        import json, struct, sys
        from multiprocessing import resource_tracker, shared_memory
        import numpy as np
        name = sys.argv[1]
        shm = shared_memory.SharedMemory(name=name)
        resource_tracker.unregister(shm._name, "shared_memory")  # cdxcore's persistent default: do not unlink at exit
        header_length, code = struct.unpack_from(">IB", shm.buf, 0)
        ndim = int.from_bytes(bytes(shm.buf[5:8]), "big")
        shape = tuple(struct.unpack_from(">Q", shm.buf, 8 + 8 * i)[0] for i in range(ndim))
        assert code == 10 and header_length == 8 + 8 * ndim, (code, header_length, ndim)
        offset = -(-header_length // 64) * 64
        a = np.ndarray(shape, dtype=np.float64, buffer=shm.buf, offset=offset)
        result = {"shape": list(shape), "dtype": str(a.dtype), "sum": float(a.sum()), "last": float(a[-1]), "size": shm.size}
        a[1] = -7.0
        del a
        shm.close()
        print(json.dumps(result))
        """;

    private static JsonElement RunNumpyPeer(string directory, string name)
    {
        var result = ChildProcess.Run("unshare",
            ["--mount", "sh", "-c", "mount --bind \"$0\" /dev/shm && exec \"$1\" -c \"$2\" \"$3\"", directory, Python.Require(), NumpyPeer, name],
            timeout: TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"the numpy peer exited {result.ExitCode}: {result.Output}{result.Error}");
        return JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement;
    }
}
