using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// Waits on words that lie in no segment (the change dispatcher's re-arm word, in this process's own
/// memory): an unnamed manual-reset event per word and generation, under one gate. A waiter takes the
/// word's current event under the gate and then reads the word; a waker, after changing the word,
/// sets that event under the gate and detaches it, so later waiters get a fresh one. The gate orders
/// the two: a wake that comes before the waiter took the event also came before its read of the word.
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsPrivateWords
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<nint, Generation> Current = [];

    /// <summary>One generation of a word's event: set once, closed by its last waiter.</summary>
    internal sealed class Generation(nint handle)
    {
        public nint Event { get; } = handle;

        public int Users { get; set; }

        public bool Detached { get; set; }
    }

    /// <summary>The generation to sleep on, counted; null when the word no longer holds <paramref name="expected"/>.</summary>
    public static Generation? Arm(uint* word, uint expected)
    {
        Generation? generation;
        lock (Gate)
        {
            if (!Current.TryGetValue((nint)word, out generation))
            {
                var handle = Kernel32.CreateEvent(null, manualReset: true, initialState: false, null);
                if (handle == 0)
                {
                    throw new IOException($"Waiting on a word failed: CreateEvent: {Kernel32.LastError()}.");
                }
                generation = new Generation(handle);
                Current.Add((nint)word, generation);
            }
            generation.Users++;
        }
        if (Read(word) != expected)
        {
            Disarm(word, generation);
            return null;
        }
        return generation;
    }

    public static void Disarm(uint* word, Generation generation)
    {
        lock (Gate)
        {
            if (--generation.Users == 0)
            {
                if (!generation.Detached)
                {
                    Current.Remove((nint)word);
                }
                Kernel32.CloseHandle(generation.Event);
            }
        }
    }

    public static void Wake(uint* word)
    {
        lock (Gate)
        {
            if (Current.Remove((nint)word, out var generation))
            {
                generation.Detached = true;
                Kernel32.SetEvent(generation.Event);
            }
        }
    }

    /// <summary>
    /// Reads a word that may no longer be mapped (a wait on many words can be handed the word of an array
    /// disposed meanwhile, whose view is gone): null then, never a crash.
    /// </summary>
    public static uint? Read(uint* word)
    {
        uint value;
        nuint read;
        return Kernel32.ReadProcessMemory(Kernel32.CurrentProcess, (nint)word, &value, sizeof(uint), &read) && read == sizeof(uint) ? value : null;
    }
}
