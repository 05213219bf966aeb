namespace SharedTyped;

/// <summary>How a wait on a set of words ended.</summary>
internal enum WordSetWaitResult
{
    /// <summary>A word was woken, one already differed from its expected value, or the wait ended spuriously: look again.</summary>
    Woken,

    /// <summary>The timeout passed.</summary>
    TimedOut,

    /// <summary>This kernel cannot wait on several words at once; the caller falls back to a bounded poll.</summary>
    Unsupported,
}

/// <summary>
/// The seam for one thread sleeping on many 32-bit words at once, woken by
/// <see cref="ISegmentSync.WakeAll"/> on any of them from any process: what lets every pending
/// asynchronous wait of a process share a few threads (src/Runtime/Sync/ChangeDispatcher.cs).
/// </summary>
internal unsafe interface IWordSetWait
{
    /// <summary>The most words one <see cref="Wait"/> takes.</summary>
    int MaxWords { get; }

    /// <summary>
    /// Sleeps while <c>*words[i] == expected[i]</c> for every i, at most <paramref name="timeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: without end). A word that is no longer mapped ends the
    /// wait as <see cref="WordSetWaitResult.Woken"/>: the caller looks again and leaves it out.
    /// </summary>
    WordSetWaitResult Wait(ReadOnlySpan<nint> words, ReadOnlySpan<uint> expected, TimeSpan timeout);
}

/// <summary>The multi-word wait of the platform this process runs on.</summary>
internal static class WordSetWait
{
    public static IWordSetWait Current { get; } =
        OperatingSystem.IsLinux() ? new LinuxWordSetWait()
        : OperatingSystem.IsWindows() ? new WindowsWordSetWait()
        : new NoWordSetWait();
}

/// <summary>A platform without a multi-word wait: the dispatcher polls within its bound.</summary>
internal sealed class NoWordSetWait : IWordSetWait
{
    public int MaxWords => 0;

    public WordSetWaitResult Wait(ReadOnlySpan<nint> words, ReadOnlySpan<uint> expected, TimeSpan timeout) => WordSetWaitResult.Unsupported;
}
