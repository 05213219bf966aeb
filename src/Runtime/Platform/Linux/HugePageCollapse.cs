namespace SharedTyped;

/// <summary>
/// Moves <see cref="HugePages.Prefer"/> segments onto huge pages after they are made, off the creator's
/// path: one background thread per process collapses them 32 MiB at a time with
/// <c>madvise(MADV_COLLAPSE)</c> (Linux 6.1). A fresh huge page is, on a virtual machine with free page
/// reporting, memory the host took back, whose first write costs a trap to the host per 4 KiB; the
/// create, fill and load therefore run on small pages, which come from memory the guest still backs,
/// and the collapse pays for the huge pages afterwards (docs/huge-pages.md).
/// </summary>
/// <remarks>
/// A job holds a descriptor of its own (opened again through <c>/proc/self/fd</c>: a new open file
/// description, so it holds none of the segment's flocks) and a read-only mapping of its own, so it
/// never touches the arrays' mapping: an array disposed while its segment is being collapsed unmaps
/// what is its own, and the job stops at the next huge page. A job stops when it is cancelled (the
/// segment's last array in this process was disposed), when the segment has lost its name, or when
/// the kernel cannot collapse; the thread ends when no job is left.
/// </remarks>
internal static unsafe class HugePageCollapse
{
    private static readonly Lock Gate = new();
    private static readonly Queue<Job> Pending = new();
    private static Thread? _worker;

    /// <summary>1 when this kernel knows <c>MADV_COLLAPSE</c>, -1 when not, 0 before the first look.</summary>
    private static int _supported;

    /// <summary>
    /// Bytes collapsed per call. Every <c>MADV_COLLAPSE</c> call first drains the page lists of every CPU
    /// (<c>lru_add_drain_all</c>), which on a busy machine waits for a worker thread on each: measured at a
    /// load average of 58, 256 MiB took 3.4 s in calls of 2 MiB and 0.37 s in calls of 32 MiB. A cancel
    /// waits for at most one call.
    /// </summary>
    private const long Step = 32L << 20;

    /// <summary>Consecutive steps the kernel could not collapse (no memory for a huge page even by compacting), after which a job gives up rather than compact for ever.</summary>
    private const int GiveUpAfterFailures = 4;

    /// <summary>
    /// Whether this kernel can collapse a mapping on request. An advice it does not know is refused
    /// before the range is looked at, so asking for an empty range tells without doing anything.
    /// </summary>
    public static bool Supported()
    {
        var known = Volatile.Read(ref _supported);
        if (known == 0)
        {
            known = Libc.Madvise(0, 0, Libc.MADV_COLLAPSE) == 0 ? 1 : -1;
            Volatile.Write(ref _supported, known);
        }
        return known > 0;
    }

    /// <summary>Queues the collapse of the segment open as <paramref name="fd"/>, <paramref name="length"/> bytes of huge pages of <paramref name="pageBytes"/>; null when the segment cannot be opened again.</summary>
    public static Job? Start(int fd, long length, long pageBytes)
    {
        var own = Libc.Open($"/proc/self/fd/{fd}", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (own < 0)
        {
            return null;
        }
        var job = new Job(own, length, pageBytes);
        lock (Gate)
        {
            Pending.Enqueue(job);
            if (_worker is null)
            {
                _worker = new Thread(Work) { IsBackground = true, Name = "SharedTyped huge-page collapse" };
                _worker.Start();
            }
        }
        return job;
    }

    private static void Work()
    {
        // Nice 19: the collapse takes the CPU time this process leaves. The scheduler shares the CPU between
        // sessions (autogroups) first and between a session's threads second, so on a busy machine a collapse
        // at the normal priority took half of the time of a caller writing its new segment meanwhile (a first
        // write 2x slower, docs/huge-pages.md). A caller that waits (WaitForHugePages, Dispose) leaves it the
        // whole of the session's share.
        _ = Libc.SetPriority(Libc.PRIO_PROCESS, (uint)Libc.GetTid(), 19);
        while (true)
        {
            Job job;
            lock (Gate)
            {
                if (!Pending.TryDequeue(out job!))
                {
                    _worker = null;
                    return;
                }
            }
            job.RunIfQueued();
        }
    }

    /// <summary>One segment's collapse: its own descriptor and mapping, a flag to stop it, and an event set when it has let go of both.</summary>
    internal sealed class Job(int fd, long length, long pageBytes)
    {
        private const int Queued = 0, Running = 1, Over = 2;
        private readonly ManualResetEventSlim _done = new();
        private volatile bool _cancelled;
        private int _state;

        /// <summary>
        /// Asks the job to stop before its next huge page; a job still queued behind another segment's
        /// lets go of its segment here and now, rather than when the thread comes to it.
        /// </summary>
        public void Cancel()
        {
            _cancelled = true;
            if (Interlocked.CompareExchange(ref _state, Over, Queued) == Queued)
            {
                LetGo();
            }
        }

        /// <summary>Whether the job has ended and let go of the segment, waiting up to <paramref name="timeout"/>.</summary>
        public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

        /// <summary>Collapses the segment unless the job was cancelled while queued; either way it has let go afterwards.</summary>
        public void RunIfQueued()
        {
            if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
            {
                return;
            }
            try
            {
                Run();
            }
            finally
            {
                Volatile.Write(ref _state, Over);
                LetGo();
            }
        }

        private void Run()
        {
            var address = Libc.Mmap(0, (nuint)length, Libc.PROT_READ, Libc.MAP_SHARED, fd, 0);
            if (address == -1)
            {
                return;
            }
            try
            {
                var failures = 0;
                var whole = length / pageBytes * pageBytes;
                var step = Math.Max(pageBytes, Step / pageBytes * pageBytes);
                // From the end towards the start: a caller writing its new segment from the start meets the
                // collapse once, instead of following it, waiting on each huge page it has locked (see
                // docs/huge-pages.md: the first write after a zero create ran at the collapse's pace).
                for (var offset = whole > 0 ? (whole - 1) / step * step : -1; offset >= 0 && !_cancelled && Named() && failures < GiveUpAfterFailures; offset -= step)
                {
                    switch (Collapse(address + (nint)offset, Math.Min(step, whole - offset)))
                    {
                        case 0:
                            failures = 0;
                            break;
                        case Libc.EINVAL:
                            // Not collapsible at all (the mount, or transparent huge pages disabled): no page will be.
                            return;
                        default:
                            // ENOMEM: no huge page to be had even by compacting; EAGAIN after retries: pages busy.
                            // The kernel collapsed what it could of the step; the rest stays on small pages.
                            failures++;
                            break;
                    }
                }
            }
            finally
            {
                Libc.Munmap(address, (nuint)length);
            }
        }

        /// <summary>Collapses [<paramref name="start"/>, + <paramref name="bytes"/>); 0, or the error of a huge page in it. A page still on its way to the LRU lists refuses with EAGAIN for an instant.</summary>
        private int Collapse(nint start, long bytes)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (Libc.Madvise(start, (nuint)bytes, Libc.MADV_COLLAPSE) == 0)
                {
                    return 0;
                }
                var errno = Libc.Errno;
                if (errno is not (Libc.EAGAIN or Libc.EINTR) || attempt == 3 || _cancelled)
                {
                    return errno;
                }
                Thread.Sleep(1);
            }
        }

        /// <summary>Whether the segment still has a name: one whose name is gone is collapsed for nobody.</summary>
        private bool Named()
        {
            Libc.StatxBuffer status;
            return Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) == 0 && status.NLink > 0;
        }

        private void LetGo()
        {
            Libc.Close(fd);
            _done.Set();
        }
    }
}
