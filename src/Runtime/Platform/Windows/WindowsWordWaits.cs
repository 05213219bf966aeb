using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// A wait on one 32-bit word, made ready to sleep on: the event of the segment's wait objects
/// (<see cref="WindowsWaitSpace"/>) for a word of a mapped segment, or a process-private event
/// (<see cref="WindowsPrivateWords"/>) for any other word. Shared by the one-word wait
/// (<see cref="WindowsSegmentSync"/>) and the many-word wait (<see cref="WindowsWordSetWait"/>).
/// </summary>
[SupportedOSPlatform("windows")]
internal readonly unsafe struct WindowsArmedWord
{
    private readonly uint* _word;
    private readonly WindowsMappedViews.View? _view;
    private readonly int _slot;
    private readonly WindowsPrivateWords.Generation? _private;

    private WindowsArmedWord(uint* word, nint handle, WindowsMappedViews.View? view, int slot, WindowsPrivateWords.Generation? generation)
    {
        _word = word;
        Event = handle;
        _view = view;
        _slot = slot;
        _private = generation;
    }

    /// <summary>The event to sleep on.</summary>
    public nint Event { get; }

    /// <summary>
    /// Counts a waiter on <paramref name="word"/>; false when it need not sleep: the word no longer holds
    /// <paramref name="expected"/>, a wake already came, or the word's segment is being unmapped.
    /// </summary>
    public static bool TryArm(uint* word, uint expected, out WindowsArmedWord armed)
    {
        armed = default;
        if (WindowsMappedViews.Pin(word) is { } view)
        {
            try
            {
                var slot = view.SlotOf(word);
                var handle = view.Waits is { } waits ? waits.Arm(slot, word, expected, &ReadMapped) : 0;
                if (handle == 0)
                {
                    view.Unpin();
                    return false;
                }
                armed = new WindowsArmedWord(word, handle, view, slot, null);
                return true;
            }
            catch
            {
                view.Unpin();
                throw;
            }
        }
        if (WindowsPrivateWords.Arm(word, expected) is not { } generation)
        {
            return false;
        }
        armed = new WindowsArmedWord(word, generation.Event, null, 0, generation);
        return true;
    }

    /// <summary>Gives back what <see cref="TryArm"/> took.</summary>
    public void Disarm()
    {
        if (_view is not null)
        {
            // Armed through the wait objects, which stay while the view is pinned.
            _view.Waits!.Disarm(_slot, Event);
            _view.Unpin();
        }
        else if (_private is not null)
        {
            WindowsPrivateWords.Disarm(_word, _private);
        }
    }

    /// <summary>Wakes every waiter on <paramref name="word"/> in every process; called after it changed.</summary>
    public static void WakeAll(uint* word)
    {
        if (WindowsMappedViews.Pin(word) is { } view)
        {
            try
            {
                view.Waits?.Wake(view.SlotOf(word));
            }
            finally
            {
                view.Unpin();
            }
            return;
        }
        WindowsPrivateWords.Wake(word);
    }

    /// <summary>A word of a pinned view: mapped for as long as the pin lasts.</summary>
    private static uint? ReadMapped(uint* word) => Volatile.Read(ref *word);
}
