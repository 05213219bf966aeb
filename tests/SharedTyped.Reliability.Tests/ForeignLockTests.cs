using Microsoft.Extensions.Logging;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Another local user holds a <c>flock</c> that SharedTyped needs: on the shared-memory directory (which stalls every
/// removal) or on a segment (which stalls a LastProcessOut attach). Nothing may crash, throw out of a dispose, or wait
/// for ever; a removal that could not be done is done once the lock goes.
/// </summary>
public sealed class ForeignLockTests
{
    /// <summary>Before: an IOException on the finalizer thread after 30 s, and the process died (rc 134).</summary>
    [RootFact("holds a lock as user nobody (setpriv)")]
    public void A_collected_DeleteOnDispose_array_neither_crashes_nor_blocks_and_its_name_goes_once_the_lock_does() =>
        WithDirectoryLockedByNobody("foreign-lock-collect", (directory, name, release) =>
        {
            using var peer = PeerProcess.Start(new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = directory }, "delete-on-dispose", name, "collect");
            peer.Expect("collected");
            Assert.True(File.Exists(Segments.PathOf(name, directory)), "the name went although the directory was locked: the test did not set up what it checks");
            release();
            Eventually.True(() => !File.Exists(Segments.PathOf(name, directory)), "the handed-on removal never happened after the lock went");
            peer.Send("exit");
            Assert.Equal(0, peer.WaitForExit());
        });

    /// <summary>Before: Dispose threw IOException out of the <c>using</c> after 30 s.</summary>
    [RootFact("holds a lock as user nobody (setpriv)")]
    public void Dispose_does_not_throw_and_the_name_goes_once_the_lock_does() =>
        WithDirectoryLockedByNobody("foreign-lock-dispose", (directory, name, release) =>
        {
            using var peer = PeerProcess.Start(new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = directory }, "delete-on-dispose", name, "dispose");
            Assert.Equal("disposed", peer.ReadLine());
            Assert.True(File.Exists(Segments.PathOf(name, directory)), "the name went although the directory was locked: the test did not set up what it checks");
            release();
            Eventually.True(() => !File.Exists(Segments.PathOf(name, directory)), "the handed-on removal never happened after the lock went");
            peer.Send("exit");
            Assert.Equal(0, peer.WaitForExit());
        });

    /// <summary>The removal a dispose hands on is reported through the array's logger, and so is its completion.</summary>
    [RootFact("holds a lock as user nobody (setpriv)")]
    public void A_handed_on_removal_is_reported_through_the_logger() =>
        WithDirectoryLockedByNobody("foreign-lock-log", (directory, name, release) =>
        {
            var logger = new ListLogger();
            using (SharedArray.Create<long>(name, [4], new CreateOptions { Directory = directory, Lifetime = SegmentLifetime.DeleteOnDispose, Logger = logger }))
            {
            }
            Assert.True(File.Exists(Segments.PathOf(name, directory)), "the name went although the directory was locked");
            Assert.Contains((LogLevel.Warning,
                $"Could not remove shared array '{name}' now: another process keeps the directory '{directory}' locked; retrying in the background for up to 600 s"),
                Snapshot(logger));
            release();
            Eventually.True(() => Snapshot(logger).Contains((LogLevel.Information, $"Removed shared array '{name}' after retrying")), "the retry never reported its removal");
            Assert.False(File.Exists(Segments.PathOf(name, directory)));
        });

    private static List<(LogLevel, string)> Snapshot(ListLogger logger) => [.. logger.Messages];

    /// <summary>Before: the attach blocked for ever in flock.</summary>
    [RootFact("holds a lock as user nobody (setpriv)")]
    public void A_LastProcessOut_attach_times_out_against_a_foreign_exclusive_lock_on_the_segment()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("foreign-lock-attach");
        var name = cleanup.Name("attach", directory);
        using (SharedArray.Create<long>(name, [8], fill: 2L, new CreateOptions { Directory = directory, Permissions = SegmentPermissions.Everyone }))
        {
        }
        using (var holder = LockAsNobody(Segments.PathOf(name, directory)))
        try
        {
            var options = new AttachOptions { Directory = directory, Lifetime = SegmentLifetime.LastProcessOut, LockTimeout = TimeSpan.FromSeconds(1) };
            var attach = Task.Run(() => SharedArray.Attach<long>(name, [8], options));
            Assert.True(((IAsyncResult)attach).AsyncWaitHandle.WaitOne(PeerProcess.Patience), "the LastProcessOut attach blocked");
            var e = Assert.Throws<TimeoutException>(() => attach.GetAwaiter().GetResult());
            Assert.StartsWith($"Shared array '{name}' ('{Segments.PathOf(name, directory)}'): could not join its holders within 1 s: another process kept an exclusive lock (flock) on the segment.",
                e.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(Segments.PathOf(name, directory)), "a timed-out attach removed the name");
        }
        finally
        {
            Stop(holder);
        }
        // Nothing was left joined: once the lock is gone, this process is the only holder and its dispose removes the name.
        using (var array = SharedArray.Attach<long>(name, [8], new AttachOptions { Directory = directory, Lifetime = SegmentLifetime.LastProcessOut }))
        {
            Assert.Equal(2L, array[7]);
        }
        Assert.False(File.Exists(Segments.PathOf(name, directory)), "the last holder's dispose left the name");
    }

    private static void WithDirectoryLockedByNobody(string tag, Action<string, string, Action> test)
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory(tag);
        var name = cleanup.Name("segment", directory);
        using var holder = LockAsNobody(directory);
        try
        {
            test(directory, name, () => Stop(holder));
        }
        finally
        {
            Stop(holder);
        }
    }

    /// <summary><c>flock -x PATH sleep</c> as user nobody, returned once the lock is held.</summary>
    private static ChildProcess LockAsNobody(string path)
    {
        var holder = ChildProcess.Start("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "flock", "-x", path, "sleep", "600"]);
        Eventually.True(() => Held(path) || holder.HasExited, $"nobody never took the lock on '{path}'");
        Assert.False(holder.HasExited, $"flock as nobody on '{path}' exited: {holder.Errors}");
        return holder;
    }

    /// <summary>Whether another process holds an exclusive flock on <paramref name="path"/>: <c>flock -n -s</c> fails.</summary>
    private static bool Held(string path)
    {
        return ChildProcess.Run("flock", ["-n", "-s", path, "true"]).ExitCode != 0;
    }

    private static void Stop(ChildProcess holder) => holder.Kill(entireTree: true); // flock's child sleep holds the lock too
}
