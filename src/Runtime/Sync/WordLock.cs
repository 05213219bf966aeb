using System.Diagnostics;

namespace SharedTyped;

/// <summary>
/// The sync block's word lock (docs/format.md, "The word lock"): one uint32, 0 when free, else the pid
/// of the holding process, plus <see cref="SyncBlock.WordLockSleepers"/> when a taker may sleep on it.
/// It guards only a few stores (the version, the sequence, the writer pid), so an uncontended take and
/// release are one compare-and-swap and one exchange, with no system call. A taker that finds it held
/// spins briefly, then sleeps on the word in slices of <see cref="SyncRegion.DeadHolderCheck"/>,
/// asking the platform between slices whether the holder still lives: a dead holder's lock is taken
/// over by compare-and-swap, a live one (even stopped) makes the taker give up at its deadline.
/// Whatever the word holds, no taker waits past its deadline.
/// </summary>
internal static unsafe class WordLock
{
    /// <summary>How many times a taker that finds the lock held looks again before it sleeps: about a microsecond.</summary>
    public const int Spins = 16;

    private static ISegmentSync Sync => SegmentSync.Current;

    /// <summary>One compare-and-swap: takes the lock if it is free, else leaves everything as it was; whether it took it.</summary>
    public static bool TryEnterAtOnce(uint* word) => Interlocked.CompareExchange(ref *word, (uint)Environment.ProcessId, 0) == 0;

    /// <summary>
    /// Takes the lock at <paramref name="word"/> before the <see cref="Stopwatch"/> timestamp
    /// <paramref name="deadline"/> (<see cref="long.MaxValue"/>: no end); false when it passed first,
    /// or as soon as <paramref name="abandon"/> (looked at between sleeps) says so.
    /// </summary>
    public static bool TryEnter(uint* word, long deadline, Func<bool>? abandon)
    {
        var self = (uint)Environment.ProcessId;
        if (Interlocked.CompareExchange(ref *word, self, 0) == 0)
        {
            return true;
        }
        // A waiter woken by a publish often comes to publish back while the publisher is between its
        // last store and its release: a short spin saves both a sleep and a wake-up.
        for (var spin = 0; spin < Spins; spin++)
        {
            Thread.SpinWait(8);
            if (Volatile.Read(ref *word) == 0 && Interlocked.CompareExchange(ref *word, self, 0) == 0)
            {
                return true;
            }
        }
        return EnterContended(word, self | SyncBlock.WordLockSleepers, deadline, abandon);
    }

    private static bool EnterContended(uint* word, uint selfWithSleepers, long deadline, Func<bool>? abandon)
    {
        while (true)
        {
            var seen = Volatile.Read(ref *word);
            var owner = (int)(seen & ~SyncBlock.WordLockSleepers);
            if (owner == 0 || !Sync.IsAlive(owner))
            {
                // Free, or held by a process that is gone (it died between two stores, each of which
                // is one aligned word, so none is half written: what it left undone the protocol
                // recovers as an abandoned write). Taken with the sleepers bit: others may sleep on it.
                if (Interlocked.CompareExchange(ref *word, selfWithSleepers, seen) == seen)
                {
                    return true;
                }
                continue;
            }
            if ((seen & SyncBlock.WordLockSleepers) == 0
                && Interlocked.CompareExchange(ref *word, seen | SyncBlock.WordLockSleepers, seen) != seen)
            {
                continue;
            }
            var left = deadline == long.MaxValue ? long.MaxValue : deadline - Stopwatch.GetTimestamp();
            if (left <= 0 || (abandon is not null && abandon()))
            {
                return false;
            }
            var slice = left == long.MaxValue
                ? SyncRegion.DeadHolderCheck
                : TimeSpan.FromTicks(Math.Min(SyncRegion.DeadHolderCheck.Ticks, Stopwatch.GetElapsedTime(0, left).Ticks));
            Sync.Wait(word, seen | SyncBlock.WordLockSleepers, slice);
        }
    }

    /// <summary>Releases the lock this process holds; wakes the sleepers, if any may sleep.</summary>
    public static void Exit(uint* word)
    {
        if ((Interlocked.Exchange(ref *word, 0) & SyncBlock.WordLockSleepers) != 0)
        {
            Sync.WakeAll(word);
        }
    }
}
