using SharedTyped.Testing;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Force: the last one wins": force never removes a segment another live process
/// is still creating. Why it holds:
/// a segment under construction is an unnamed O_TMPFILE inode, given its name by link(2) only when
/// complete. Force unlinks what is under the name, and an unfinished segment has no name to unlink.
/// The creator that finishes second gets SharedArrayExistsException at its link, never a silently
/// orphaned segment that it believes it published.
/// </summary>
public sealed class ForceTests
{
    [Fact]
    public void Force_during_a_slow_create_of_another_process_neither_destroys_it_nor_is_silently_undone()
    {
        var name = Segments.NewName("force");
        using var cleanup = new Cleanup(name);
        var file = UniqueNames.NewTempPath("file");
        var go = file + ".go";
        File.WriteAllBytes(file, ToFile(1000, 5));
        try
        {
            using var slow = PeerProcess.Start("slow-load", name, file, go);
            // The peer has its segment complete in memory and stops before publishing it.
            slow.Expect("building");
            Assert.False(SharedArray.Exists(name), "a segment still being built is visible under its name");
            if (OperatingSystem.IsWindows())
            {
                // The mapping being built has its name already, and Windows cannot free a held name:
                // Force is refused saying so, and the slow creator publishes undisturbed.
                var refused = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<long>(name, [1000], fill: 9L, new CreateOptions { Force = true }));
                Assert.Contains("Force cannot replace it on Windows", refused.Message, StringComparison.Ordinal);
                File.WriteAllText(go, "go");
                Assert.Equal("published 5", slow.ReadLine());
                Assert.Equal(0, slow.WaitForExit());
                return;
            }

            using var forced = SharedArray.Create<long>(name, [1000], fill: 9L, new CreateOptions { Force = true });

            File.WriteAllText(go, "go");
            var outcome = slow.ReadLine();
            Assert.StartsWith($"exists Shared array '{name}' already exists", outcome, StringComparison.Ordinal);
            Assert.Equal(0, slow.WaitForExit());
            // The name still holds the forced segment, whole.
            using var attached = SharedArray.AttachReadOnly<long>(name, [1000]);
            Assert.False(attached.AsSpan().ContainsAnyExcept(9L));
            Assert.Equal(9L, forced[999]);
        }
        finally
        {
            File.Delete(file);
            File.Delete(go);
        }
    }

    /// <summary>What force does remove: a published segment; those who mapped it keep their memory.</summary>
    [Fact]
    public void Force_replaces_a_published_segment_and_old_mappings_stay_valid()
    {
        var name = Segments.NewName("force-old");
        using var cleanup = new Cleanup(name);
        using var old = SharedArray.Create<int>(name, [8], fill: 1);
        if (OperatingSystem.IsWindows())
        {
            // Windows frees a name only with its last handle: Force refuses a held one, saying so, and the old segment is untouched.
            var refused = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [8], fill: 2, new CreateOptions { Force = true }));
            Assert.Contains("Force cannot replace it on Windows", refused.Message, StringComparison.Ordinal);
            using var same = SharedArray.Attach<int>(name, [8]);
            Assert.Equal(1, same[7]);
            return;
        }
        using var replacement = SharedArray.Create<int>(name, [8], fill: 2, new CreateOptions { Force = true });
        old[7] = 10;
        Assert.Equal(10, old[7]);
        using var attached = SharedArray.Attach<int>(name, [8]);
        Assert.Equal(2, attached[7]);
        Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(name, [8]));
    }

    private static byte[] ToFile(int elements, long value) => CdxcoreBytes.File<long>([elements], Enumerable.Repeat(value, elements).ToArray());
}
