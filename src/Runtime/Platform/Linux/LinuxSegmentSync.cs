using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// futex(2) on the shared word (never FUTEX_PRIVATE_FLAG: the waiters are in other processes), kill(2)
/// with signal 0 and /proc for whether a lock word's owner lives, and fcntl(2) open-file-description locks, which are independent of the flock(2) locks that
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

    public bool IsAlive(int processId)
    {
        if (processId <= 0)
        {
            return false;
        }
        // Signal 0 checks existence only; EPERM means it exists and belongs to another user.
        if (Libc.Kill(processId, 0) != 0 && Libc.Errno != Libc.EPERM)
        {
            return false;
        }
        // A process that died and was not yet reaped by its parent still answers kill: its state in
        // /proc, after the last ')' of the command name, is Z (zombie) or X (dead).
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat.LastIndexOf(')') is var close and >= 0 && close + 2 < stat.Length ? stat[close + 2] : 'R';
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static int Descriptor(NativeSegment segment) =>
        segment is LinuxSegment { Descriptor: >= 0 } linux ? linux.Descriptor : throw new ObjectDisposedException("segment");
}
