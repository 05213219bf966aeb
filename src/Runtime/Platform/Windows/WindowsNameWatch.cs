using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// Waiting for a name to be created, on Windows, which has no directory to watch: the watcher holds a
/// small wait mapping of the name (<c>&lt;name&gt;/name/wait</c>, <see cref="WindowsWaitSpace"/>) whose
/// creation counter a SharedTyped creator bumps and wakes right after it publishes a header
/// (<see cref="Announce"/>). The watcher reads the counter when it starts, before the first attach
/// attempt, and sleeps only while the counter still holds what it last saw: a segment published between
/// an attempt and the sleep has bumped it, so the sleep returns at once. Only creators that announce
/// wake it: a mapping made by cdxcore or numpy, or by another user (whose creator cannot open this
/// user's owner-only objects), is found by a look every <see cref="UnannouncedRecheck"/>.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsNameWatch : INameWatch
{
    private static readonly Lazy<WindowsSecurityDescriptor> OwnerOnly = new(() =>
        WindowsSecurityDescriptor.FromSddl("SharedTyped name watches", $"O:{WindowsSecurity.CurrentUser}D:P(A;;GA;;;{WindowsSecurity.CurrentUser})"));

    private const int Slot = 0;

    /// <summary>The longest sleep between two looks, for a creator that does not announce (cdxcore, numpy, another user).</summary>
    public static readonly TimeSpan UnannouncedRecheck = TimeSpan.FromSeconds(1);

    private readonly WindowsWaitSpace _space;
    private readonly string _subject;
    private uint _seen;

    private WindowsNameWatch(WindowsWaitSpace space, string subject)
    {
        _space = space;
        _subject = subject;
        _seen = Volatile.Read(ref *Counter);
    }

    private uint* Counter => (uint*)(_space.View + WindowsWaitSpace.CreationCounterOffset);

    private static string ObjectBase(string name) => WindowsNames.Qualified(name) + "/name";

    public static WindowsNameWatch Start(string name, string subject) =>
        new(WindowsWaitSpace.Open(ObjectBase(name), OwnerOnly.Value, subject, ownsDescriptor: false)!, subject);

    public bool Wait(TimeSpan timeout)
    {
        try
        {
            var handle = _space.Arm(Slot, Counter, _seen, &Read);
            if (handle == 0)
            {
                return true;
            }
            try
            {
                var slice = timeout == Timeout.InfiniteTimeSpan || timeout > UnannouncedRecheck ? UnannouncedRecheck : timeout;
                return Kernel32.WaitForSingleObject(handle, Kernel32.Milliseconds(slice)) switch
                {
                    Kernel32.WaitObject0 => true,
                    Kernel32.WaitTimeout => false,
                    _ => throw new IOException($"{_subject}: waiting for its creation failed: {Kernel32.LastError()}."),
                };
            }
            finally
            {
                _space.Disarm(Slot, handle);
            }
        }
        finally
        {
            _seen = Volatile.Read(ref *Counter);
        }
    }

    /// <summary>Wakes whoever of this user waits for <paramref name="name"/>; called after its header is published.</summary>
    public static void Announce(string name)
    {
        WindowsWaitSpace? space;
        try
        {
            space = WindowsWaitSpace.Open(ObjectBase(name), OwnerOnly.Value, $"Shared array '{name}'", openOnly: true, ownsDescriptor: false);
        }
        catch (IOException)
        {
            // A watch this user may not open (another user's): it is not woken, and finds the segment at its timeout.
            return;
        }
        if (space is null)
        {
            // Nobody waits for the name.
            return;
        }
        using (space)
        {
            Interlocked.Increment(ref *(uint*)(space.View + WindowsWaitSpace.CreationCounterOffset));
            space.Wake(Slot);
        }
    }

    public void Dispose() => _space.Dispose();

    private static uint? Read(uint* word) => Volatile.Read(ref *word);
}
