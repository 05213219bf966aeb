using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// futex_waitv(2) (Linux 5.16 and later): one sleep on up to 128 shared 32-bit futex words. The
/// words are waited on without FUTEX_PRIVATE_FLAG, as <see cref="LinuxSegmentSync.WakeAll"/> wakes
/// them. An older kernel answers ENOSYS, once, and from then on this reports
/// <see cref="WordSetWaitResult.Unsupported"/>.
/// </summary>
internal sealed unsafe partial class LinuxWordSetWait : IWordSetWait
{
    /// <summary>FUTEX_WAITV_MAX in the kernel.</summary>
    private const int KernelMaxWords = 128;

    /// <summary>FUTEX2_SIZE_U32: the word is 32 bits; no FUTEX2_PRIVATE, the word is shared between processes.</summary>
    private const uint Futex2SizeU32 = 0x02;

    private const int ClockMonotonic = 1;

    private static readonly long SysFutexWaitv = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.Arm64 => 449,
        _ => -1,
    };

    private volatile bool _unsupported = SysFutexWaitv < 0;

    public int MaxWords => _unsupported ? 0 : KernelMaxWords;

    /// <summary><c>struct futex_waitv</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FutexWaitv
    {
        public ulong Value;
        public ulong Address;
        public uint Flags;
        public uint Reserved;
    }

    public WordSetWaitResult Wait(ReadOnlySpan<nint> words, ReadOnlySpan<uint> expected, TimeSpan timeout)
    {
        if (_unsupported)
        {
            return WordSetWaitResult.Unsupported;
        }
        if (words.Length is 0 or > KernelMaxWords || expected.Length != words.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(words), words.Length, $"futex_waitv takes 1 to {KernelMaxWords} words, each with its expected value.");
        }
        var waiters = stackalloc FutexWaitv[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            waiters[i] = new FutexWaitv { Value = expected[i], Address = (ulong)words[i], Flags = Futex2SizeU32 };
        }
        Libc.TimeSpec deadline = default;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            // futex_waitv takes an absolute time on the clock it is given.
            Libc.TimeSpec now;
            ClockGetTime(ClockMonotonic, &now);
            var nanoseconds = now.Nanoseconds + timeout.Ticks * 100;
            deadline.Seconds = now.Seconds + nanoseconds / 1_000_000_000;
            deadline.Nanoseconds = nanoseconds % 1_000_000_000;
        }
        var result = Libc.Syscall(SysFutexWaitv, (nint)waiters, words.Length, 0,
            timeout == Timeout.InfiniteTimeSpan ? 0 : (nint)(&deadline), ClockMonotonic, 0);
        if (result >= 0)
        {
            return WordSetWaitResult.Woken;
        }
        switch (Libc.Errno)
        {
            case Libc.EAGAIN or Libc.EINTR or Libc.EFAULT:
                return WordSetWaitResult.Woken;
            case Libc.ETIMEDOUT:
                return WordSetWaitResult.TimedOut;
            case Libc.ENOSYS:
                _unsupported = true;
                return WordSetWaitResult.Unsupported;
            default:
                throw new IOException($"Waiting on a set of shared-array words failed: {Libc.Describe(Libc.Errno)}.");
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, Libc.TimeSpec* time);
}
