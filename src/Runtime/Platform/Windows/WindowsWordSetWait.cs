using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// One sleep on up to 64 words (<c>MAXIMUM_WAIT_OBJECTS</c>): each word is armed as for a one-word wait
/// (<see cref="WindowsArmedWord"/>), then <c>WaitForMultipleObjects</c> sleeps until any of their events
/// is set. A word whose segment is being unmapped is not read and ends the wait as woken; a word whose
/// wait objects cannot be opened makes this one wait <see cref="WordSetWaitResult.Unsupported"/>, and
/// the dispatcher polls within its bound.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsWordSetWait : IWordSetWait
{
    public int MaxWords => Kernel32.MaximumWaitObjects;

    public WordSetWaitResult Wait(ReadOnlySpan<nint> words, ReadOnlySpan<uint> expected, TimeSpan timeout)
    {
        if (words.Length is 0 or > Kernel32.MaximumWaitObjects || expected.Length != words.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(words), words.Length, $"WaitForMultipleObjects takes 1 to {Kernel32.MaximumWaitObjects} words, each with its expected value.");
        }
        var armed = new WindowsArmedWord[words.Length];
        var events = stackalloc nint[words.Length];
        var count = 0;
        try
        {
            for (; count < words.Length; count++)
            {
                bool mustSleep;
                try
                {
                    mustSleep = WindowsArmedWord.TryArm((uint*)words[count], expected[count], out armed[count]);
                }
                catch (IOException)
                {
                    // A segment's wait objects cannot be had (say, another program took their name): the
                    // dispatcher thread must not die of it, and it looks at its words by the bounded poll.
                    return WordSetWaitResult.Unsupported;
                }
                if (!mustSleep)
                {
                    return WordSetWaitResult.Woken;
                }
                events[count] = armed[count].Event;
            }
            var result = Kernel32.WaitForMultipleObjects((uint)count, events, false, Kernel32.Milliseconds(timeout));
            if (result == Kernel32.WaitTimeout)
            {
                return WordSetWaitResult.TimedOut;
            }
            if (result < Kernel32.WaitObject0 + (uint)count)
            {
                return WordSetWaitResult.Woken;
            }
            throw new IOException($"Waiting on a set of shared-array words failed: {Kernel32.LastError()}.");
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                armed[i].Disarm();
            }
        }
    }
}
