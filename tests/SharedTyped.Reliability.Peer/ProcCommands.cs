using System.Runtime.InteropServices;

namespace SharedTyped.Reliability.Peer;

/// <summary>Creates segments in a process that has no /proc, as in a chroot or a bare container.</summary>
internal static partial class ProcCommands
{
    private const int MNT_DETACH = 2;

    [LibraryImport("libc.so.6", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);

    /// <summary>
    /// Started by the test under <c>unshare -m</c>: unmounts /proc in its own mount namespace (and
    /// refuses to if that namespace is still the test's), then creates a persistent and a
    /// LastProcessOut segment, saying what happened to each.
    /// </summary>
    public static int NoProc(string stem, string testNamespace)
    {
        var mine = new FileInfo("/proc/self/ns/mnt").LinkTarget;
        if (mine is null || mine == testNamespace)
        {
            Barrier.Say($"refused: mount namespace {mine} is the test's own; /proc stays");
            return 3;
        }
        if (Umount2("/proc", MNT_DETACH) != 0)
        {
            Barrier.Say($"refused: umount /proc failed, errno {Marshal.GetLastPInvokeError()}");
            return 4;
        }
        Barrier.Say($"proc {Directory.Exists("/proc/self")}");
        Try("persistent", () =>
        {
            using var array = SharedArray.Create<long>(stem + "-persistent", [8], fill: 5L);
            return $"created {array[7]}";
        });
        Try("lpo", () =>
        {
            using (var array = SharedArray.Create<long>(stem + "-lpo", [8], fill: 6L, new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut }))
            {
                Barrier.Say($"lpo created {array[7]} exists {SharedArray.Exists(stem + "-lpo")}");
            }
            return $"closed exists {SharedArray.Exists(stem + "-lpo")}";
        });
        return 0;
    }

    private static void Try(string what, Func<string> action)
    {
        try
        {
            Barrier.Say($"{what} {action()}");
        }
        catch (Exception e)
        {
            Barrier.Say($"{what} {e.GetType().Name}: {e.Message}");
        }
    }
}
