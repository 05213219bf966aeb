using System.Globalization;

namespace SharedTyped.Peer;

/// <summary>
/// The peer's side of the coordination tests. Every command attaches to an existing segment of
/// <c>long</c> elements, prints <c>ready</c> once it is in place, and reports with one line.
/// Stamps: a write scope that publishes version v sets every element to <see cref="Stamp"/>(v).
/// </summary>
internal static class SyncCommands
{
    public static long Stamp(long version) => version * 7 + 3;

    public static int Run(string[] args) => args switch
    {
        ["publish", var name, var count] => Publish(name, Number(count)),
        ["bump", var name, var count] => Bump(name, Number(count)),
        ["wait-until", var name, var target] => WaitUntil(name, Number(target)),
        ["wait", var name, var seen, var milliseconds] => Wait(name, Number(seen), Number(milliseconds)),
        ["writer", var name] => Writer(name),
        ["reader", var name, var snapshots] => Reader(name, Number(snapshots)),
        ["die-in-write", var name] => DieInWrite(name),
        ["hold", var name, var mode] => Hold(name, mode),
        ["try-lock", var name, var mode, var milliseconds] => TryLock(name, mode, Number(milliseconds)),
        ["read-consistent", var name] => ReadOnce(name),
        ["attach-when-created", var name, var milliseconds] => AsyncWaitCommands.AttachWhenCreated(name, Number(milliseconds)),
        ["many-waits", var perArray, var mode, .. var names] => AsyncWaitCommands.ManyWaits(Number(perArray), mode, names),
        _ => Usage(),
    };

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Writes and publishes <paramref name="count"/> stamped versions.</summary>
    private static int Publish(string name, long count)
    {
        using var array = SharedArray.Attach<long>(name);
        Say("ready");
        for (var i = 0; i < count; i++)
        {
            using (array.BeginWrite())
            {
                array.AsSpan().Fill(Stamp(array.Version + 1));
            }
        }
        Say($"done {array.Version}");
        return 0;
    }

    /// <summary>Calls <c>Publish</c> <paramref name="count"/> times, without a write scope; prints the last version it got.</summary>
    private static int Bump(string name, long count)
    {
        using var array = SharedArray.Attach<long>(name);
        Say("ready");
        long last = 0;
        for (var i = 0; i < count; i++)
        {
            last = array.Publish();
        }
        Say($"done {last}");
        return 0;
    }

    /// <summary>Waits (no timeout) until the version reaches <paramref name="target"/>; counts the wake-ups.</summary>
    private static int WaitUntil(string name, long target)
    {
        using var array = SharedArray.AttachReadOnly<long>(name);
        var seen = array.Version;
        Say($"ready {seen}");
        var wakes = 0;
        while (seen < target)
        {
            array.WaitForChange(seen, Timeout.InfiniteTimeSpan, out seen);
            wakes++;
        }
        Say($"reached {seen} after {wakes}");
        return 0;
    }

    private static int Wait(string name, long seen, long milliseconds)
    {
        using var array = SharedArray.AttachReadOnly<long>(name);
        Say("ready");
        try
        {
            var changed = array.WaitForChange(seen, TimeSpan.FromMilliseconds(milliseconds), out var version);
            Say($"{(changed ? "changed" : "timeout")} {version}");
        }
        catch (SharedArrayReplacedException e)
        {
            Say($"replaced {e.Version} {e.Message}");
        }
        return 0;
    }

    /// <summary>Writes stamped versions until its standard input closes or says stop.</summary>
    private static int Writer(string name)
    {
        using var array = SharedArray.Attach<long>(name);
        var stop = 0;
        var watcher = new Thread(() => { Console.In.ReadLine(); Volatile.Write(ref stop, 1); }) { IsBackground = true };
        watcher.Start();
        Say("ready");
        while (Volatile.Read(ref stop) == 0)
        {
            using (array.BeginWrite())
            {
                array.AsSpan().Fill(Stamp(array.Version + 1));
            }
        }
        Say($"done {array.Version}");
        return 0;
    }

    /// <summary>Takes <paramref name="snapshots"/> consistent copies and checks every element of each against its version's stamp.</summary>
    private static int Reader(string name, long snapshots)
    {
        using var array = SharedArray.AttachReadOnly<long>(name);
        var copy = new long[array.Length];
        Say("ready");
        long torn = 0, distinct = 0, last = -1;
        for (long i = 0; i < snapshots; i++)
        {
            var version = array.ReadConsistent(copy);
            if (copy.AsSpan().ContainsAnyExcept(Stamp(version)))
            {
                torn++;
            }
            if (version != last)
            {
                distinct++;
                last = version;
            }
        }
        Say($"snapshots {snapshots} torn {torn} versions {distinct}");
        return 0;
    }

    /// <summary>Opens a write scope, writes half the elements and sleeps until it is killed.</summary>
    private static int DieInWrite(string name)
    {
        using var array = SharedArray.Attach<long>(name);
        var scope = array.BeginWrite();
        var span = array.AsSpan();
        span[..(span.Length / 2)].Fill(-1);
        Say($"writing {array.Version}");
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(scope);
        return 0;
    }

    /// <summary>Holds the reader/writer lock until standard input closes (or the process is killed).</summary>
    private static int Hold(string name, string mode)
    {
        using var array = SharedArray.Attach<long>(name);
        using var held = mode == "exclusive" ? array.AcquireExclusive(Timeout.InfiniteTimeSpan) : array.AcquireShared(Timeout.InfiniteTimeSpan);
        Say("held");
        Console.In.ReadLine();
        return 0;
    }

    private static int TryLock(string name, string mode, long milliseconds)
    {
        using var array = SharedArray.Attach<long>(name);
        Say("ready");
        try
        {
            var timeout = TimeSpan.FromMilliseconds(milliseconds);
            using var held = mode == "exclusive" ? array.AcquireExclusive(timeout) : array.AcquireShared(timeout);
            Say("acquired");
        }
        catch (TimeoutException e)
        {
            Say($"timeout {e.Message}");
        }
        return 0;
    }

    private static int ReadOnce(string name)
    {
        using var array = SharedArray.AttachReadOnly<long>(name);
        var copy = new long[array.Length];
        try
        {
            var version = array.ReadConsistent(copy);
            Say($"version {version} first {copy[0]}");
        }
        catch (SharedArrayTornException e)
        {
            Say($"torn {e.Version} {e.Message}");
        }
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: SharedTyped.Peer sync publish|wait-until|wait|writer|reader|die-in-write|hold|try-lock|read-consistent|many-waits|attach-when-created NAME …");
        return 64;
    }
}
