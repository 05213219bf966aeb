using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// A wait on a word of shared memory that another process can wake, built from Windows kernel
/// objects (<c>WaitOnAddress</c> wakes only within one process). It is a small named mapping,
/// <c>&lt;base&gt;/wait</c>, of <see cref="Slots"/> slots, each two uint32 words: an <em>epoch</em>
/// and a count of <em>waiters</em>; and, for each epoch of each slot, a manual-reset named event
/// <c>&lt;base&gt;/e&lt;slot&gt;.&lt;epoch&gt;</c> that exists while a waiter of that epoch holds it.
/// The format is in docs/format.md ("The sync block on Windows").
/// </summary>
/// <remarks>
/// <para><b>Wait</b>(word, expected): waiters += 1 (atomic, a full fence); e = epoch; create (or open)
/// the event of epoch e; read epoch and word again; if epoch ≠ e or word ≠ expected, return (woken);
/// else sleep on the event; then close it and waiters −= 1.</para>
/// <para><b>Wake</b> (after the word changed): full fence; if waiters = 0, return; e = epoch++ (atomic,
/// the value before); open the event of epoch e, if it exists, and set it.</para>
/// <para>No lost wake-up, in every interleaving. A waiter that sleeps read the word unchanged after its
/// event existed and while the epoch was still e. (1) A waker whose word change precedes the waiter's
/// read of the word has its fence and its read of waiters after that change; the waiter counted itself
/// before reading the word, so if the waker read waiters = 0 the waiter's read of the word came after
/// the change and saw it: the waiter did not sleep. So the waker goes on and moves the epoch from some
/// e' ≥ e. (2) The move from e to e + 1 — by this waker or one before it — comes after the waiter's second
/// read of the epoch (which saw e), hence after the event of epoch e existed, and the waiter holds that
/// event until it wakes: the mover finds it and sets it. A set event stays set, so the order of the
/// set and the sleep does not matter. Any wake of the epoch the waiter sleeps on is therefore a wake
/// that came after its look at the word: it wakes, possibly spuriously (the seam allows that), never
/// too late. Two wakers never skip an epoch: each moves it by exactly one and sets the event of the
/// value it moved from.</para>
/// <para>What a hostile neighbour can do with the words: raise waiters (every wake then costs a failed
/// <c>OpenEvent</c>), or rewrite the epoch (a waiter may then miss one wake and sleep until its slice or
/// timeout ends, as it would if the neighbour had rewritten the word itself). Nothing it writes makes a
/// wait outlast its timeout.</para>
/// <para>The objects' names derive from the segment's qualified name with a <c>/</c>, which no segment
/// name may contain, so they never meet a segment's. They need no identity beyond the name: Windows
/// keeps a named mapping, its name taken, while any handle to it is open, and every waiter on a segment
/// holds the segment and this wait mapping open, so a segment created again under the name can only
/// exist once every waiter of the old one has left and every object of the old one is gone.</para>
/// </remarks>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsWaitSpace : IDisposable
{
    /// <summary>How many slots the wait mapping has; a word's slot is its offset in words modulo this.</summary>
    public const int Slots = 32;

    /// <summary>Bytes of a slot: the epoch, then the waiters.</summary>
    public const int SlotBytes = 8;

    /// <summary>The size of the wait mapping: one page.</summary>
    public const int MappingBytes = 4096;

    /// <summary>Where in the wait mapping the name watch keeps its creation counter (after the slots).</summary>
    public const int CreationCounterOffset = Slots * SlotBytes;

    private readonly string _base;
    private readonly WindowsSecurityDescriptor _descriptor;
    private readonly bool _ownsDescriptor;
    private nint _mapping;
    private byte* _view;

    private WindowsWaitSpace(string objectBase, WindowsSecurityDescriptor descriptor, bool ownsDescriptor, nint mapping, byte* view)
    {
        _ownsDescriptor = ownsDescriptor;
        _base = objectBase;
        _descriptor = descriptor;
        _mapping = mapping;
        _view = view;
    }

    /// <summary>The start of the wait mapping (for the name watch's counter).</summary>
    public byte* View => _view;

    /// <summary>
    /// Opens the wait mapping of <paramref name="objectBase"/>, creating it (zeroed) if no process holds it,
    /// with <paramref name="descriptor"/>, which it disposes with itself when it <paramref name="ownsDescriptor"/>
    /// (also when this throws). With <paramref name="openOnly"/>, returns null when it does not exist instead of creating it.
    /// </summary>
    public static WindowsWaitSpace? Open(string objectBase, WindowsSecurityDescriptor descriptor, string subject, bool openOnly = false, bool ownsDescriptor = true)
    {
        try
        {
            var name = objectBase + "/wait";
            nint mapping;
            if (openOnly)
            {
                mapping = Kernel32.OpenFileMapping(Kernel32.FileMapRead | Kernel32.FileMapWrite, false, name);
                if (mapping == 0)
                {
                    var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (error == Kernel32.ErrorFileNotFound)
                    {
                        if (ownsDescriptor)
                        {
                            descriptor.Dispose();
                        }
                        return null;
                    }
                    throw new IOException($"{subject}: cannot open its wait objects ('{name}'): {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}.");
                }
            }
            else
            {
                var attributes = descriptor.Attributes;
                mapping = Kernel32.CreateFileMapping(-1, &attributes, Kernel32.PageReadWrite, 0, MappingBytes, name);
                if (mapping == 0)
                {
                    throw new IOException($"{subject}: cannot create its wait objects ('{name}'): {Kernel32.LastError()}.");
                }
            }
            var view = (byte*)Kernel32.MapViewOfFile(mapping, Kernel32.FileMapRead | Kernel32.FileMapWrite, 0, 0, 0);
            if (view is null)
            {
                var message = Kernel32.LastError();
                Kernel32.CloseHandle(mapping);
                throw new IOException($"{subject}: cannot map its wait objects ('{name}'): {message}.");
            }
            Kernel32.MemoryBasicInformation info;
            if (Kernel32.VirtualQuery((nint)view, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) == 0 || (long)info.RegionSize < MappingBytes)
            {
                // Another program took the name with a smaller object: its words are not ours to use.
                Kernel32.UnmapViewOfFile((nint)view);
                Kernel32.CloseHandle(mapping);
                throw new IOException($"{subject}: the object '{name}' is not a SharedTyped wait mapping (smaller than {MappingBytes} bytes).");
            }
            return new WindowsWaitSpace(objectBase, descriptor, ownsDescriptor, mapping, view);
        }
        catch when (ownsDescriptor)
        {
            descriptor.Dispose();
            throw;
        }
    }

    private uint* Epoch(int slot) => (uint*)(_view + slot * SlotBytes);

    private uint* Waiters(int slot) => (uint*)(_view + slot * SlotBytes + 4);

    private string EventName(int slot, uint epoch) => $"{_base}/e{slot}.{epoch}";

    /// <summary>
    /// Counts a waiter on <paramref name="slot"/> and returns the event to sleep on, or 0 when
    /// <paramref name="word"/> no longer holds <paramref name="expected"/> (or a wake already came):
    /// then nothing is counted. A returned event must be given back with <see cref="Disarm"/>.
    /// </summary>
    /// <param name="slot">The word's slot.</param>
    /// <param name="word">The word.</param>
    /// <param name="expected">The value the caller saw in it.</param>
    /// <param name="read">Reads the word (a process-private word is read without trusting it to be mapped).</param>
    public nint Arm(int slot, uint* word, uint expected, delegate*<uint*, uint?> read)
    {
        Interlocked.Increment(ref *Waiters(slot));
        var epoch = Volatile.Read(ref *Epoch(slot));
        var attributes = _descriptor.Attributes;
        var handle = Kernel32.CreateEvent(&attributes, manualReset: true, initialState: false, EventName(slot, epoch));
        if (handle == 0)
        {
            var message = Kernel32.LastError();
            Interlocked.Decrement(ref *Waiters(slot));
            throw new IOException($"Waiting on a shared-array word failed: CreateEvent '{EventName(slot, epoch)}': {message}.");
        }
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref *Epoch(slot)) != epoch || read(word) != expected)
        {
            Disarm(slot, handle);
            return 0;
        }
        return handle;
    }

    /// <summary>Closes the event <see cref="Arm"/> gave and uncounts the waiter.</summary>
    public void Disarm(int slot, nint handle)
    {
        Kernel32.CloseHandle(handle);
        Interlocked.Decrement(ref *Waiters(slot));
    }

    /// <summary>Wakes every waiter of <paramref name="slot"/>; called after the word changed.</summary>
    public void Wake(int slot)
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref *Waiters(slot)) == 0)
        {
            return;
        }
        var epoch = Interlocked.Increment(ref *Epoch(slot)) - 1;
        var handle = Kernel32.OpenEvent(Kernel32.EventModifyState, false, EventName(slot, epoch));
        if (handle != 0)
        {
            Kernel32.SetEvent(handle);
            Kernel32.CloseHandle(handle);
        }
    }

    /// <summary>Wakes every slot that has waiters.</summary>
    public void WakeEverySlot()
    {
        for (var slot = 0; slot < Slots; slot++)
        {
            Wake(slot);
        }
    }

    public void Dispose()
    {
        var view = _view;
        _view = null;
        if (view is not null)
        {
            Kernel32.UnmapViewOfFile((nint)view);
        }
        var mapping = Interlocked.Exchange(ref _mapping, 0);
        if (mapping != 0)
        {
            Kernel32.CloseHandle(mapping);
        }
        if (_ownsDescriptor)
        {
            _descriptor.Dispose();
        }
    }
}
