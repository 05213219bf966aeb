using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>A name that dispose, the finalizer or process exit could not remove at once; see <see cref="PendingRemovals"/>.</summary>
/// <param name="Name">The segment name.</param>
/// <param name="Directory">The shared-memory directory, whose <see cref="NameLock"/> the removal needs.</param>
/// <param name="Path">The name's path.</param>
/// <param name="Device">The segment's device: only this very segment's name is removed.</param>
/// <param name="Inode">The segment's inode.</param>
/// <param name="OnlyIfUnheld">A LastProcessOut segment: removed only while no process holds it (one may have joined meanwhile).</param>
/// <param name="Logger">Where the outcome is reported.</param>
internal sealed record PendingRemoval(string Name, string Directory, string Path, ulong Device, ulong Inode, bool OnlyIfUnheld, ILogger? Logger);

/// <summary>
/// Removals handed on by the paths that must neither throw nor block for long — <c>Dispose</c>, the finalizer, process
/// exit — when another process kept the directory's <see cref="NameLock"/> (any local user who can read the directory
/// can take its <c>flock</c>). One background thread retries them, every half second for up to
/// <see cref="RetryFor"/>, each under the same lock and the same rule (the name is removed only while it still names
/// the segment, and a LastProcessOut one only while nobody holds it), reporting through the array's logger; it ends when
/// nothing is pending. What is still pending when the process ends gets one last short try (docs/guarantees.md).
/// </summary>
internal static class PendingRemovals
{
    /// <summary>How long a handed-on removal is retried before it is given up (and reported).</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan TryPatience = TimeSpan.FromMilliseconds(50);

    private static readonly Lock Gate = new();
    private static readonly List<(PendingRemoval Removal, long Deadline)> Pending = [];
    private static bool s_running;

    /// <summary>How many removals are waiting; for tests and <c>doctor</c>-like reports.</summary>
    public static int Count
    {
        get
        {
            lock (Gate)
            {
                return Pending.Count;
            }
        }
    }

    public static void Add(PendingRemoval removal)
    {
        new ActivityLog(removal.Logger).RemovalHandedOn(removal.Name, removal.Directory, RetryFor);
        ExitRemovals.EnsureHooked();
        lock (Gate)
        {
            Pending.Add((removal, Environment.TickCount64 + (long)RetryFor.TotalMilliseconds));
            if (s_running)
            {
                return;
            }
            s_running = true;
        }
        new Thread(Retry) { IsBackground = true, Name = "SharedTyped pending removals" }.UnsafeStart();
    }

    /// <summary>One try at each pending removal, each waiting at most <paramref name="patience"/> for the lock; at process exit.</summary>
    public static void TryAll(TimeSpan patience)
    {
        (PendingRemoval Removal, long Deadline)[] pending;
        lock (Gate)
        {
            pending = [.. Pending];
        }
        foreach (var (removal, _) in pending)
        {
            if (TryOnce(removal, patience))
            {
                lock (Gate)
                {
                    Pending.RemoveAll(p => ReferenceEquals(p.Removal, removal));
                }
            }
        }
    }

    private static void Retry()
    {
        while (true)
        {
            Thread.Sleep(Interval);
            (PendingRemoval Removal, long Deadline)[] pending;
            lock (Gate)
            {
                if (Pending.Count == 0)
                {
                    s_running = false;
                    return;
                }
                pending = [.. Pending];
            }
            foreach (var (removal, deadline) in pending)
            {
                var done = TryOnce(removal, TryPatience);
                if (!done && Environment.TickCount64 >= deadline)
                {
                    new ActivityLog(removal.Logger).RemovalAbandoned(removal.Name, removal.Directory);
                    done = true;
                }
                if (done)
                {
                    lock (Gate)
                    {
                        Pending.RemoveAll(p => ReferenceEquals(p.Removal, removal));
                    }
                }
            }
        }
    }

    /// <summary>Whether the removal is settled: done, or nothing of ours to remove any more. Never throws.</summary>
    private static bool TryOnce(PendingRemoval removal, TimeSpan patience)
    {
        try
        {
            if (!NameLock.TryTake(removal.Directory, patience, out var held))
            {
                return false;
            }
            using (held)
            {
                var removed = removal.OnlyIfUnheld
                    ? NameLock.RemoveIfUnheldLocked(removal.Path, removal.Device, removal.Inode)
                    : NameLock.RemoveIfNamedLocked(removal.Path, removal.Device, removal.Inode);
                if (removed)
                {
                    new ActivityLog(removal.Logger).RemovedLater(removal.Name);
                }
                // Not removed: gone, another segment's now, or (LastProcessOut) held again, whose last holder removes it.
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
