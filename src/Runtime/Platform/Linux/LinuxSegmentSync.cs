using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// futex(2) on the shared word (never FUTEX_PRIVATE_FLAG: the waiters are in other processes) and
/// fcntl(2) open-file-description locks, which are independent of the flock(2) locks that
/// <see cref="SegmentLifetime.LastProcessOut"/> holds on the same file.
/// </summary>
internal sealed unsafe class LinuxSegmentSync : ISegmentSync
{
    public bool Wait(uint* word, uint expected, TimeSpan timeout)
    {
        if (Libc.SYS_futex < 0)
        {
            throw new PlatformNotSupportedException($"futex is not known on {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}.");
        }
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? 0 : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Libc.TimeSpec span = default;
            if (!infinite)
            {
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }
                var nanoseconds = (long)(left * (1e9 / Stopwatch.Frequency));
                span.Seconds = nanoseconds / 1_000_000_000;
                span.Nanoseconds = nanoseconds % 1_000_000_000;
            }
            var result = Libc.Syscall(Libc.SYS_futex, (nint)word, Libc.FUTEX_WAIT, (nint)expected, infinite ? 0 : (nint)(&span), 0, 0);
            if (result == 0)
            {
                return true;
            }
            switch (Libc.Errno)
            {
                case Libc.EAGAIN:
                    return true;
                case Libc.ETIMEDOUT:
                    return false;
                case Libc.EINTR:
                    continue;
                default:
                    throw new IOException($"Waiting on a shared-array word failed: {Libc.Describe(Libc.Errno)}.");
            }
        }
    }

    public void WakeAll(uint* word)
    {
        if (Libc.Syscall(Libc.SYS_futex, (nint)word, Libc.FUTEX_WAKE, int.MaxValue, 0, 0, 0) < 0)
        {
            throw new IOException($"Waking the waiters on a shared-array word failed: {Libc.Describe(Libc.Errno)}.");
        }
    }

    public SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive)
    {
        // Reopening through /proc gives a description of the very inode this process mapped, even
        // if the name was removed or now names another segment.
        var fd = Libc.Open($"/proc/self/fd/{Descriptor(segment)}", (exclusive ? Libc.O_RDWR : Libc.O_RDONLY) | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open a lock description of the segment: {Libc.Describe(Libc.Errno)}.");
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public bool TryLock(SafeFileHandle description, long offset, bool exclusive)
    {
        var request = new Libc.FileLock { Type = exclusive ? Libc.F_WRLCK : Libc.F_RDLCK, Whence = 0, Start = offset, Length = 1 };
        while (Libc.FcntlLock((int)description.DangerousGetHandle(), Libc.F_OFD_SETLK, &request) != 0)
        {
            switch (Libc.Errno)
            {
                case Libc.EAGAIN or Libc.EACCES:
                    return false;
                case Libc.EINTR:
                    continue;
                default:
                    throw new IOException($"Cannot lock byte {offset} of the segment: {Libc.Describe(Libc.Errno)}.");
            }
        }
        return true;
    }

    public void Unlock(SafeFileHandle description, long offset)
    {
        var request = new Libc.FileLock { Type = Libc.F_UNLCK, Whence = 0, Start = offset, Length = 1 };
        if (Libc.FcntlLock((int)description.DangerousGetHandle(), Libc.F_OFD_SETLK, &request) != 0)
        {
            throw new IOException($"Cannot unlock byte {offset} of the segment: {Libc.Describe(Libc.Errno)}.");
        }
    }

    public LockProbe Probe(NativeSegment segment, long offset)
    {
        var query = new Libc.FileLock { Type = Libc.F_WRLCK, Whence = 0, Start = offset, Length = 1 };
        if (Libc.FcntlLock(Descriptor(segment), Libc.F_OFD_GETLK, &query) != 0)
        {
            throw new IOException($"Cannot query the lock on byte {offset} of the segment: {Libc.Describe(Libc.Errno)}.");
        }
        return query.Type switch
        {
            Libc.F_UNLCK => LockProbe.Free,
            Libc.F_RDLCK => LockProbe.Shared,
            _ => LockProbe.Exclusive,
        };
    }

    /// <summary>The word-lock kind of a glibc <c>pthread_mutex_t</c>, robust and process-shared.</summary>
    public const uint GlibcRobustMutex = 1;

    public uint InitializeWordLock(byte* wordLock)
    {
        if (!PosixThreads.IsGlibc)
        {
            return 0;
        }
        var attributes = stackalloc byte[PosixThreads.MutexAttributesBytes];
        Check(PosixThreads.MutexAttributesInitialize(attributes), "pthread_mutexattr_init");
        try
        {
            Check(PosixThreads.MutexAttributesSetShared(attributes, PosixThreads.PTHREAD_PROCESS_SHARED), "pthread_mutexattr_setpshared");
            // Robust: the kernel marks it when a holder dies, so a process killed between two stores
            // cannot leave every other writer waiting for ever.
            Check(PosixThreads.MutexAttributesSetRobust(attributes, PosixThreads.PTHREAD_MUTEX_ROBUST), "pthread_mutexattr_setrobust");
            Check(PosixThreads.MutexInitialize(wordLock, attributes), "pthread_mutex_init");
        }
        finally
        {
            PosixThreads.MutexAttributesDestroy(attributes);
        }
        return GlibcRobustMutex;

        static void Check(int result, string call)
        {
            if (result != 0)
            {
                throw new IOException($"Cannot make a shared array's word lock: {call} failed: {Libc.Describe(result)}.");
            }
        }
    }

    public bool SupportsWordLock(uint kind) => kind == GlibcRobustMutex && PosixThreads.IsGlibc;

    /// <summary>How many times a taker that finds the word lock held tries again before it sleeps: about a microsecond of spinning.</summary>
    private const int WordLockSpins = 16;

    public void LockWord(byte* wordLock, string owner)
    {
        // The lock is held for two stores, and a waiter woken by a publish (or one that saw the new
        // version just before it would have slept) often comes to publish back while the publisher is
        // between its last store and its unlock. glibc's robust mutexes never spin: taken blocking,
        // the lock would put it to sleep and cost the publisher a FUTEX_WAKE, two more wake-ups in one
        // round trip. So it spins briefly first.
        var result = PosixThreads.MutexTryLock(wordLock);
        for (var spin = 0; result == Libc.EBUSY && spin < WordLockSpins; spin++)
        {
            Thread.SpinWait(8);
            result = PosixThreads.MutexTryLock(wordLock);
        }
        if (result == Libc.EBUSY)
        {
            result = PosixThreads.MutexLock(wordLock);
        }
        if (result == 0)
        {
            return;
        }
        // Its holder died between two stores. Each guarded word is written by one aligned store, so
        // none is half written; what the dead holder left undone is what the protocol recovers anyway
        // (an odd sequence with the write lock free is an abandoned write).
        if (result == Libc.EOWNERDEAD && PosixThreads.MutexConsistent(wordLock) == 0)
        {
            return;
        }
        if (result == Libc.EOWNERDEAD)
        {
            PosixThreads.MutexUnlock(wordLock);
        }
        throw new IOException($"{owner}: the word lock of its sync block cannot be taken ({Libc.Describe(result)}); its bytes were overwritten by a process that is not SharedTyped's.");
    }

    public void UnlockWord(byte* wordLock) => PosixThreads.MutexUnlock(wordLock);

    private static int Descriptor(NativeSegment segment) =>
        segment is LinuxSegment { Descriptor: >= 0 } linux ? linux.Descriptor : throw new ObjectDisposedException("segment");
}
