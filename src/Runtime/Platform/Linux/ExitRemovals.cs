using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>
/// The names of <see cref="SegmentLifetime.DeleteOnDispose"/> arrays this process has open, removed when the process
/// ends without disposing them: a normal exit (<see cref="AppDomain.ProcessExit"/>, also after a host that cancelled a
/// signal shut down), SIGINT (Ctrl+C) and SIGTERM (whose defaults end a .NET process without <c>ProcessExit</c>). Hooked
/// once, at the first such array. Each name goes through the one removal path (<see cref="NameLock"/>, only while it
/// still names this process's segment), bounded in time; a SIGKILL runs no code and leaves the name. The signal handlers
/// never cancel a signal: they run among the application's handlers in .NET's order (newest registration first), so a
/// handler registered after them that cancels keeps the process and its names; one registered before them runs after
/// them, when the names are gone already (docs/guarantees.md).
/// </summary>
internal static class ExitRemovals
{
    /// <summary>How long process exit spends on removals in all.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private static readonly Lock Gate = new();
    private static readonly HashSet<Entry> Entries = [];
    private static int s_hooked;
    private static PosixSignalRegistration? s_interrupt;
    private static PosixSignalRegistration? s_terminate;

    /// <summary>One segment's DeleteOnDispose arrays in this process; the path is known once the segment has a name.</summary>
    internal sealed class Entry(string directory, ulong device, ulong inode, string? path, ILogger? logger)
    {
        public string Directory { get; } = directory;
        public ulong Device { get; } = device;
        public ulong Inode { get; } = inode;
        public ILogger? Logger { get; } = logger;
        public string? Path { get; private set; } = path;

        public void Named(string path) => Path = path;
    }

    public static Entry Add(string directory, ulong device, ulong inode, string? path, ILogger? logger)
    {
        EnsureHooked();
        var entry = new Entry(directory, device, inode, path, logger);
        lock (Gate)
        {
            Entries.Add(entry);
        }
        return entry;
    }

    public static void Remove(Entry entry)
    {
        lock (Gate)
        {
            Entries.Remove(entry);
        }
    }

    /// <summary>Hooks process exit and SIGINT, once per process.</summary>
    public static void EnsureHooked()
    {
        if (Interlocked.Exchange(ref s_hooked, 1) != 0)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll("exit");
        try
        {
            // Kept in a field: a collected registration unregisters itself.
            s_interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemoveAll("SIGINT"));
            s_terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemoveAll("SIGTERM"));
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException)
        {
            // No signal handling here: a normal exit still removes the names.
        }
    }

    /// <summary>Removes every registered name still this process's, within <see cref="Budget"/>; never throws.</summary>
    internal static void RemoveAll(string reason)
    {
        Entry[] entries;
        lock (Gate)
        {
            entries = [.. Entries];
            Entries.Clear();
        }
        var deadline = Environment.TickCount64 + (long)Budget.TotalMilliseconds;
        TimeSpan Left() => TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
        foreach (var entry in entries)
        {
            if (entry.Path is not { } path)
            {
                continue;
            }
            try
            {
                if (NameLock.TryRemoveIfNamed(entry.Directory, path, entry.Device, entry.Inode, Left()) == NameLock.Removal.Removed)
                {
                    new ActivityLog(entry.Logger).RemovedAtExit(System.IO.Path.GetFileName(path), reason);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is ending: nothing better to do than leave the name, as a SIGKILL would.
            }
        }
        PendingRemovals.TryAll(Left());
    }
}
