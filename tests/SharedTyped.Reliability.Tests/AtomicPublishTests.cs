using SharedTyped.Testing;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "A segment appears whole or not at all": an attacher racing a creator sees "not found" or a whole array, never
/// a zero-length segment or a partial header. The segment is built as an unnamed O_TMPFILE inode,
/// reserved, filled and only then linked under its name.
/// </summary>
public sealed class AtomicPublishTests
{
    private const int Elements = 4096;

    [NotUnderWineFact(Wine.FinalizerThread)]
    public void An_attacher_racing_create_and_delete_sees_nothing_or_a_whole_array()
    {
        var name = Segments.NewName("publish");
        using var cleanup = new Cleanup(name);
        using var peer = PeerProcess.Start("churn", name);
        peer.Expect("ready");

        var outcome = AttachUntil(peer, name, o => o.Attempts >= 50_000 && o.Whole >= 500 && o.NotFound >= 500);

        var rounds = peer.Expect("done ");
        Assert.Equal(0, peer.WaitForExit());
        Assert.True(outcome.Failures.Count == 0,
            $"{outcome.Failures.Count} of {outcome.Attempts} attaches saw a partial segment, e.g.: {string.Join(" | ", outcome.Failures.Take(5))}");
        // Both outcomes must have happened, or the race was not run.
        Assert.True(outcome.Whole > 0, $"no attach found the array in {outcome.Attempts} attempts");
        Assert.True(outcome.NotFound > 0, $"no attach missed the array in {outcome.Attempts} attempts");
        Console.WriteLine($"atomic publish: {rounds[5..]} create/delete rounds, {outcome.Attempts} attaches, {outcome.Whole} whole, {outcome.NotFound} not found, 0 partial");
    }

    /// <summary>
    /// The control: a peer that publishes the way shm_open + ftruncate libraries do (name first, size
    /// and header after) is caught by the same loop, so the test above would fail without the mechanism.
    /// The attacher still only ever gets a <see cref="SharedArrayFormatException"/>, never a crash.
    /// </summary>
    [NotUnderWineFact(Wine.ExceptionLoops)]
    public void The_same_loop_catches_a_publisher_that_names_first_and_writes_later()
    {
        var name = Segments.NewName("naive");
        using var cleanup = new Cleanup(name);
        using var peer = PeerProcess.Start("naive-churn", name);
        peer.Expect("ready");

        // Linux: the name appears before the size and the header; Windows: a mapping has its size at
        // once, so what shows is a header whose data are not written yet.
        Func<string, bool> caught = OperatingSystem.IsWindows() ? f => f.StartsWith("torn", StringComparison.Ordinal) : IsEmptySegment;
        var outcome = AttachUntil(peer, name, o => o.Attempts >= 1_000 && o.Failures.Any(caught));

        peer.Expect("done ");
        Assert.Equal(0, peer.WaitForExit());
        Assert.NotEmpty(outcome.Failures);
        Assert.All(outcome.Failures, f => Assert.True(
            f.StartsWith(nameof(SharedArrayFormatException), StringComparison.Ordinal) || f.StartsWith("torn", StringComparison.Ordinal), f));
        Assert.Contains(outcome.Failures, f => caught(f));
    }

    /// <summary>A creator killed half way leaves nothing: its segment never had a name, and the inode dies with the process.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_creator_killed_half_way_leaves_nothing_behind()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("killed");
        var name = Segments.NewName("killed");
        var file = UniqueNames.NewTempPath("file");
        File.WriteAllBytes(file, CdxcoreBytes.File<long>([1000], new long[1000]));
        try
        {
            using var creator = PeerProcess.Start(new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = directory },
                "slow-load", name, file, file + ".never");
            creator.Expect("building");
            Assert.Empty(Segments.Entries(directory));

            creator.Kill();

            Assert.Empty(Segments.Entries(directory));
            Assert.False(SharedArray.Exists(name, directory));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static bool IsEmptySegment(string failure) => failure.Contains("shorter than the 8-byte header prefix", StringComparison.Ordinal);

    private sealed record Outcome(int Attempts, int Whole, int NotFound, List<string> Failures);

    /// <summary>
    /// Publishing links the unnamed inode through /proc/self/fd. A process without /proc (a chroot, a
    /// bare container) builds under a dot name and links that instead: both lifetimes still create,
    /// the data arrive, and no dot file is left. The peer runs under <c>unshare -m</c> and unmounts
    /// /proc in its own mount namespace only.
    /// </summary>
    [RootFact("unshare a mount namespace and unmount /proc in it")]
    public void Without_proc_a_create_falls_back_to_a_dot_name_and_leaves_nothing()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("no-proc");
        var stem = "noproc";
        var unshare = new[] { "/usr/bin/unshare", "/bin/unshare" }.FirstOrDefault(File.Exists);
        Assert.True(unshare is not null, "unshare (util-linux) is missing");
        var testNamespace = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
        using var peer = PeerProcess.StartUnder([unshare, "--mount", "--propagation", "private"],
            new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = directory }, "no-proc", stem, testNamespace);

        Assert.Equal("proc False", peer.ReadLine());
        Assert.Equal("persistent created 5", peer.ReadLine());
        Assert.Equal("lpo created 6 exists True", peer.ReadLine());
        Assert.Equal("lpo closed exists False", peer.ReadLine());
        Assert.Equal(0, peer.WaitForExit());

        using (var persistent = SharedArray.Attach<long>(stem + "-persistent", [8], new AttachOptions { Directory = directory }))
        {
            Assert.Equal(5L, persistent[0]);
        }
        Watchers.WaitUntilNoneFor(Path.Combine(directory, stem + "-lpo"));
        Assert.Equal([stem + "-persistent"], Segments.Entries(directory));
        Assert.Contains(File.ReadLines("/proc/self/mounts"), line => line.Split(' ')[1] == "/proc");
    }

    /// <summary>
    /// Attaches in a tight loop until <paramref name="enough"/> has been seen (or the bound passes,
    /// which the assertions then report), then tells the peer to stop.
    /// </summary>
    private static Outcome AttachUntil(ChildProcess peer, string name, Func<Outcome, bool> enough)
    {
        int attempts = 0, whole = 0, notFound = 0;
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + Eventually.Bound;
        while (!peer.HasExited && DateTime.UtcNow < deadline
               && (attempts % 256 != 0 || !enough(new Outcome(attempts, whole, notFound, failures))))
        {
            attempts++;
            try
            {
                if (!SharedArray.TryAttachReadOnly<long>(name, [Elements], out var array))
                {
                    notFound++;
                    continue;
                }
                using (array)
                {
                    // Each round fills with its own non-zero number before publishing: a whole array
                    // holds one value everywhere.
                    var data = array.AsSpan();
                    if (data[0] >= 1 && !data.ContainsAnyExcept(data[0]))
                    {
                        whole++;
                    }
                    else
                    {
                        failures.Add($"torn data: first {data[0]}, last {data[^1]}");
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{e.GetType().Name}: {e.Message}");
            }
        }
        peer.Send("stop");
        return new Outcome(attempts, whole, notFound, failures);
    }
}
