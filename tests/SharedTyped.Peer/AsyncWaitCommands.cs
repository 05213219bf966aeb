using System.Diagnostics;

namespace SharedTyped.Peer;

/// <summary>
/// The peer's side of the asynchronous-wait tests: many pending <c>WaitForChangeAsync</c> calls in
/// this process, its threads counted, the publishes coming from the test process.
/// </summary>
internal static class AsyncWaitCommands
{
    /// <summary>
    /// Attaches every array of <paramref name="names"/> (at version 0), starts <paramref name="perArray"/>
    /// waits on each and prints <c>pending &lt;threads added&gt;</c>. Then, for <c>publish</c>, prints
    /// <c>completed &lt;waits that ended at version 1&gt;</c> once every wait has ended; for <c>cancel</c>,
    /// cancels them all and prints <c>cancelled &lt;waits cancelled&gt; &lt;milliseconds&gt;</c>. Last, disposes
    /// the arrays and prints <c>mapped &lt;mappings of those segments left&gt;</c>.
    /// </summary>
    public static int ManyWaits(long perArray, string mode, string[] names)
    {
        var arrays = names.Select(name => SharedArray.AttachReadOnly<long>(name)).ToList();
        var views = MappedViews.ViewsOf(arrays);
        // The first wait starts what a process starts once (the dispatcher, the timer, the tiered JIT's
        // worker); those threads are not what is counted.
        using (var warmUp = new CancellationTokenSource())
        {
            var first = arrays[0].WaitForChangeAsync(0, warmUp.Token).AsTask();
            warmUp.Cancel();
            Wait(first);
        }
        var before = Threads();
        using var cancel = new CancellationTokenSource();
        var waits = new List<Task<long>>();
        foreach (var array in arrays)
        {
            for (var i = 0; i < perArray; i++)
            {
                waits.Add(array.WaitForChangeAsync(0, cancel.Token).AsTask());
            }
        }
        Thread.Sleep(200);
        Say($"pending {Threads() - before}");
        if (mode == "publish")
        {
            Wait(Task.WhenAll(waits));
            Say($"completed {waits.Count(w => w.IsCompletedSuccessfully && w.Result == 1)}");
        }
        else
        {
            var clock = Stopwatch.StartNew();
            cancel.Cancel();
            Wait(Task.WhenAll(waits));
            var elapsed = clock.ElapsedMilliseconds;
            Say($"cancelled {waits.Count(w => w.IsCanceled)} {elapsed}");
        }
        foreach (var array in arrays)
        {
            array.Dispose();
        }
        Say($"mapped {MappedViews.Count(names, views)}");
        return 0;
    }

    /// <summary>
    /// Prints <c>waiting</c>, then attaches with <c>AttachWhenCreated</c> (at most <paramref name="milliseconds"/>)
    /// and prints <c>attached &lt;version&gt; &lt;first element&gt;</c>, or <c>timeout &lt;message&gt;</c>.
    /// </summary>
    public static int AttachWhenCreated(string name, long milliseconds)
    {
        Say("waiting");
        try
        {
            using var array = SharedArray.AttachWhenCreated<long>(name, TimeSpan.FromMilliseconds(milliseconds));
            Say($"attached {array.Version} {array[0]}");
        }
        catch (TimeoutException e)
        {
            Say($"timeout {e.Message}");
        }
        return 0;
    }

    /// <summary>
    /// Prints <c>ready</c>, waits for a line on standard input, then creates <paramref name="name"/>
    /// again with Force (one element, <see cref="SyncCommands.Stamp"/>(0)), replacing the segment there,
    /// and prints <c>replaced</c>.
    /// </summary>
    public static int Replace(string name)
    {
        Say("ready");
        Console.ReadLine();
        using var array = SharedArray.Create<long>(name, [1], SyncCommands.Stamp(0), new CreateOptions { Force = true });
        Say("replaced");
        return 0;
    }

    private static int Threads()
    {
        using var self = Process.GetCurrentProcess();
        return self.Threads.Count;
    }

    /// <summary>Waits for <paramref name="task"/> to end, however it ends; a minute at most.</summary>
    private static void Wait(Task task)
    {
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1)))
        {
            throw new TimeoutException("The waits did not end within a minute.");
        }
    }

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }
}
