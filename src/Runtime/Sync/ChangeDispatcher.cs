namespace SharedTyped;

/// <summary>
/// The waits of <see cref="SyncRegion.WaitForChangeAsync(long, CancellationToken)"/>, every one of this process on every array,
/// served by at most <see cref="MaxWorkers"/> threads: each worker sleeps on up to
/// <see cref="IWordSetWait.MaxWords"/> change words at once (futex_waitv on Linux), one of them its
/// own re-arm word, which is bumped and woken when the set of words it serves changes. A pending wait
/// costs memory, not a thread (docs/guarantees.md).
/// </summary>
/// <remarks>
/// One gate guards every list here, and a worker reads the shared words only while it holds the
/// gate: a wait removed under the gate (completed, cancelled, its array disposed) can give back its
/// mapping at once, and an unmapped word is never read. The kernel may still look at such an address
/// in a sleep begun before; that sleep is woken by the re-arm word and ends (EFAULT at worst) without
/// harm. When every worker is full, or the kernel has no futex_waitv (before 5.16; other platforms),
/// workers look at their words every <see cref="PollInterval"/> instead: slower, still bounded.
/// </remarks>
internal sealed unsafe class ChangeDispatcher
{
    /// <summary>The most threads the dispatcher runs at once.</summary>
    public const int MaxWorkers = 4;

    /// <summary>How often a worker that cannot sleep on all its words at once looks at them.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>How long a worker without words stays, so that a loop of waits does not start a thread for each.</summary>
    public static readonly TimeSpan IdleLinger = TimeSpan.FromSeconds(2);

    public static ChangeDispatcher Instance { get; } = new(WordSetWait.Current, SegmentSync.Current);

    private readonly IWordSetWait _wordSet;
    private readonly ISegmentSync _sync;
    private readonly Lock _gate = new();
    private readonly Dictionary<nint, WatchedWord> _words = [];
    private readonly List<Worker> _workers = [];

    internal ChangeDispatcher(IWordSetWait wordSet, ISegmentSync sync)
    {
        _wordSet = wordSet;
        _sync = sync;
    }

    /// <summary>How many worker threads run now (for tests).</summary>
    internal int WorkerCount
    {
        get { lock (_gate) return _workers.Count; }
    }

    /// <summary>
    /// A wait until <paramref name="region"/>'s version differs from <paramref name="seenVersion"/>;
    /// <paramref name="hold"/> keeps the mapping until the wait ends, however it ends.
    /// </summary>
    public Task<long> Register(SyncRegion region, Hold hold, long seenVersion, CancellationToken cancellationToken)
    {
        var wait = new PendingWait(this, region, hold, seenVersion, cancellationToken);
        Exception? failure = null;
        long version = 0;
        bool finished;
        lock (_gate)
        {
            finished = true;
            try
            {
                // Looked at under the gate: a worker that scanned this word before the wait was in its
                // list has armed itself on the sequence as it is now, so a later publish still wakes it.
                // It throws for a retired segment, and for a disposed array (its region is marked closed
                // before Close takes the gate, so a wait registered after Close's sweep fails here).
                if (!region.HasChanged(seenVersion, out version))
                {
                    Add(wait);
                    finished = false;
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }
        if (finished)
        {
            wait.Finish(version, failure);
            return wait.Task;
        }
        wait.ListenFor(cancellationToken);
        return wait.Task;
    }

    /// <summary>Ends every pending wait of <paramref name="region"/> with <see cref="ObjectDisposedException"/>; its array is being disposed (and marked so first).</summary>
    public void Close(SyncRegion region)
    {
        List<PendingWait>? ended = null;
        lock (_gate)
        {
            if (_words.TryGetValue(region.ChangeWord, out var word))
            {
                foreach (var wait in word.Waits)
                {
                    if (wait.Region == region)
                    {
                        (ended ??= []).Add(wait);
                    }
                }
                foreach (var wait in ended ?? [])
                {
                    Remove(wait);
                }
            }
        }
        foreach (var wait in ended ?? [])
        {
            wait.Finish(0, region.Disposed());
        }
    }

    private void Add(PendingWait wait)
    {
        var address = wait.Region.ChangeWord;
        if (!_words.TryGetValue(address, out var word))
        {
            word = new WatchedWord(address);
            _words.Add(address, word);
            var worker = Assign();
            word.Worker = worker;
            worker.Words.Add(word);
            worker.Kick(_sync);
        }
        word.Waits.Add(wait);
        wait.Word = word;
    }

    /// <summary>Takes <paramref name="wait"/> out under the gate; a word left without waits leaves its worker, which is told.</summary>
    private void Remove(PendingWait wait)
    {
        var word = wait.Word!;
        wait.Word = null;
        word.Waits.Remove(wait);
        if (word.Waits.Count == 0)
        {
            _words.Remove(word.Address);
            word.Worker!.Words.Remove(word);
            word.Worker.Kick(_sync);
        }
    }

    /// <summary>The worker for a new word: the least loaded one with room, a new one while fewer than <see cref="MaxWorkers"/> run, else the least loaded (which then polls).</summary>
    private Worker Assign()
    {
        // One word of each sleep is the worker's re-arm word.
        var room = _wordSet.MaxWords > 1 ? _wordSet.MaxWords - 1 : int.MaxValue;
        Worker? best = null;
        foreach (var worker in _workers)
        {
            if (best is null || worker.Words.Count < best.Words.Count)
            {
                best = worker;
            }
        }
        if (best is not null && (best.Words.Count < room || _workers.Count >= MaxWorkers))
        {
            return best;
        }
        var started = new Worker(this);
        _workers.Add(started);
        started.Start();
        return started;
    }

    /// <summary>A shared change word and the waits on it; several arrays of one mapping share it.</summary>
    private sealed class WatchedWord(nint address)
    {
        public nint Address { get; } = address;

        public HashSet<PendingWait> Waits { get; } = [];

        public Worker? Worker { get; set; }

        /// <summary>The sequence its worker last saw, and sleeps on; under the gate.</summary>
        public uint Sequence { get; set; }
    }

    /// <summary>One thread that sleeps on the words assigned to it.</summary>
    private sealed class Worker(ChangeDispatcher dispatcher)
    {
        private readonly uint* _rearm = (uint*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(sizeof(uint));

        public List<WatchedWord> Words { get; } = [];

        public void Start() =>
            new Thread(Run) { IsBackground = true, Name = "SharedTyped change dispatcher" }.Start();

        /// <summary>Makes the worker look at its words again (under the gate: the set changed).</summary>
        public void Kick(ISegmentSync sync)
        {
            Interlocked.Increment(ref *_rearm);
            sync.WakeAll(_rearm);
        }

        private void Run()
        {
            var capacity = Math.Max(dispatcher._wordSet.MaxWords, 1);
            var addresses = new nint[capacity];
            var expected = new uint[capacity];
            var finished = new List<(PendingWait Wait, long Version, Exception? Failure)>();
            var idleSince = 0L;
            try
            {
                while (true)
                {
                    int count = 0;
                    bool idle, poll;
                    uint rearm;
                    lock (dispatcher._gate)
                    {
                        rearm = Volatile.Read(ref *_rearm);
                        Scan(finished);
                        idle = Words.Count == 0;
                        if (!idle)
                        {
                            idleSince = 0;
                        }
                        else if (finished.Count > 0)
                        {
                            // Waits this scan took out are ended below, never dropped by an exit; the linger starts now.
                            idleSince = Environment.TickCount64;
                        }
                        else if (idleSince == 0)
                        {
                            idleSince = Environment.TickCount64;
                        }
                        else if (Environment.TickCount64 - idleSince >= (long)IdleLinger.TotalMilliseconds)
                        {
                            dispatcher._workers.Remove(this);
                            return;
                        }
                        poll = Words.Count + 1 > dispatcher._wordSet.MaxWords;
                        if (!idle && !poll)
                        {
                            addresses[count] = (nint)_rearm;
                            expected[count++] = rearm;
                            foreach (var word in Words)
                            {
                                addresses[count] = word.Address;
                                expected[count++] = word.Sequence;
                            }
                        }
                    }
                    foreach (var (wait, version, failure) in finished)
                    {
                        wait.Finish(version, failure);
                    }
                    finished.Clear();
                    if (idle)
                    {
                        dispatcher._sync.Wait(_rearm, rearm, IdleLinger);
                    }
                    else if (poll || dispatcher._wordSet.Wait(addresses.AsSpan(0, count), expected.AsSpan(0, count), Timeout.InfiniteTimeSpan) == WordSetWaitResult.Unsupported)
                    {
                        dispatcher._sync.Wait(_rearm, rearm, PollInterval);
                    }
                }
            }
            finally
            {
                System.Runtime.InteropServices.NativeMemory.Free(_rearm);
            }
        }

        /// <summary>Under the gate: notes each word's sequence, then ends the waits whose version moved (or whose region throws).</summary>
        private void Scan(List<(PendingWait, long, Exception?)> finished)
        {
            for (var i = Words.Count - 1; i >= 0; i--)
            {
                var word = Words[i];
                // The sequence first: a publish after this read changes it, so the sleep on it returns at once.
                word.Sequence = Volatile.Read(ref *(uint*)word.Address);
                List<PendingWait>? done = null;
                foreach (var wait in word.Waits)
                {
                    try
                    {
                        if (wait.Region.HasChanged(wait.SeenVersion, out var version))
                        {
                            finished.Add((wait, version, null));
                            (done ??= []).Add(wait);
                        }
                    }
                    catch (Exception e)
                    {
                        finished.Add((wait, 0, e));
                        (done ??= []).Add(wait);
                    }
                }
                foreach (var wait in done ?? [])
                {
                    dispatcher.Remove(wait);
                }
            }
        }
    }

    /// <summary>One pending <see cref="SyncRegion.WaitForChangeAsync(long, CancellationToken)"/>; ends exactly once, and gives back its mapping before its task completes.</summary>
    private sealed class PendingWait(ChangeDispatcher dispatcher, SyncRegion region, Hold hold, long seenVersion, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource<long> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;
        private int _finished;

        public SyncRegion Region { get; } = region;

        public long SeenVersion { get; } = seenVersion;

        /// <summary>The word it waits in, while it is pending; set and cleared under the gate.</summary>
        public WatchedWord? Word { get; set; }

        public Task<long> Task => _result.Task;

        public void ListenFor(CancellationToken token)
        {
            if (!token.CanBeCanceled)
            {
                return;
            }
            // Runs at once, on this thread, if the token is already cancelled.
            _registration = token.UnsafeRegister(static state => ((PendingWait)state!).Cancel(), this);
            if (Volatile.Read(ref _finished) != 0)
            {
                // Ended before the registration was stored, so its Finish could not undo it.
                _registration.Unregister();
            }
        }

        private void Cancel()
        {
            lock (dispatcher._gate)
            {
                if (Word is null)
                {
                    return;
                }
                dispatcher.Remove(this);
            }
            Finish(0, new OperationCanceledException(cancellationToken));
        }

        /// <summary>Gives back the mapping, then completes the task (outside the gate; continuations run elsewhere).</summary>
        public void Finish(long version, Exception? failure)
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }
            hold.Release();
            // Unregister, never Dispose: Dispose would wait for a Cancel running on another thread.
            _registration.Unregister();
            if (failure is OperationCanceledException)
            {
                _result.TrySetCanceled(cancellationToken);
            }
            else if (failure is not null)
            {
                _result.TrySetException(failure);
            }
            else
            {
                _result.TrySetResult(version);
            }
        }
    }
}
