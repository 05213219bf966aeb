using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// Every view of a segment this process maps, by address: what a wait or a wake on a word of shared
/// memory (the seam gives only its address) needs to find the segment's wait objects
/// (<see cref="WindowsWaitSpace"/>). A view is unmapped through here, and never while a wait is
/// pinned on it: a wait on many words (<see cref="WindowsWordSetWait"/>) may run while the array of
/// one of its words is disposed, and must not touch memory that is gone (the futex of Linux simply
/// fails there; user code on Windows would crash).
/// </summary>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsMappedViews
{
    private static readonly Lock Gate = new();
    private static View[] _views = [];

    /// <summary>One mapped view and the coordination objects this process opened for it.</summary>
    internal sealed class View(nint address, long mappedBytes, string qualifiedName, nint mapping)
    {
        private const int Retired = 1 << 30;
        private readonly Lock _gate = new();
        private int _state;
        private nint _mapping = mapping;
        private WindowsWaitSpace? _waits;
        /// <summary>0 until looked up, then 1 (this user owns the segment) or 2 (another does); one word, read without the gate.</summary>
        private int _owner;

        public nint Address { get; } = address;

        public long MappedBytes { get; } = mappedBytes;

        /// <summary>The segment's name with its namespace (<c>Local\x</c>).</summary>
        public string QualifiedName { get; } = qualifiedName;

        /// <summary>Whether this process opened a lock file for it (and so tries to remove it when done).</summary>
        public bool UsedLockFile { get; set; }

        /// <summary>The slot of the word at <paramref name="word"/>: its offset in words, modulo the slots.</summary>
        public int SlotOf(uint* word) => (int)(((nint)word - Address) / sizeof(uint) % WindowsWaitSpace.Slots);

        /// <summary>Keeps the view mapped until <see cref="Unpin"/>; false once it is being unmapped.</summary>
        public bool TryPin()
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if ((state & Retired) != 0)
                {
                    return false;
                }
                if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
                {
                    return true;
                }
            }
        }

        public void Unpin()
        {
            if (Interlocked.Decrement(ref _state) == Retired)
            {
                Release();
            }
        }

        /// <summary>
        /// The segment's wait objects, opened on first use (with the segment's own access list), or null
        /// once the segment's mapping handle is closed: the view is on its way out, and its waits end.
        /// </summary>
        public WindowsWaitSpace? Waits
        {
            get
            {
                if (Volatile.Read(ref _waits) is { } waits)
                {
                    return waits;
                }
                lock (_gate)
                {
                    if (_waits is null && _mapping != 0)
                    {
                        var subject = $"Shared array '{QualifiedName}'";
                        _waits = WindowsWaitSpace.Open(QualifiedName, WindowsSecurityDescriptor.AccessListOf(subject, _mapping), subject);
                    }
                    return _waits;
                }
            }
        }

        /// <summary>Whether this process's user owns the segment (its lock files are in its owner's folder).</summary>
        public bool OwnedByThisUser
        {
            get
            {
                if (Volatile.Read(ref _owner) is var known and not 0)
                {
                    return known == 1;
                }
                lock (_gate)
                {
                    var mappingHandle = _mapping != 0 ? _mapping : throw new ObjectDisposedException($"Shared array '{QualifiedName}'");
                    var owner = WindowsSecurity.OwnerOf(QualifiedName, mappingHandle);
                    // No owner: no other user's (see WindowsSecurity.OwnerOf).
                    var owned = owner is null || string.Equals(owner, WindowsSecurity.CurrentUser, StringComparison.OrdinalIgnoreCase);
                    Volatile.Write(ref _owner, owned ? 1 : 2);
                    return owned;
                }
            }
        }

        /// <summary>The segment's mapping handle goes (the view stays until it is unmapped).</summary>
        public void MappingClosed()
        {
            lock (_gate)
            {
                _mapping = 0;
            }
        }

        /// <summary>No new pin from here on; the view is unmapped now, or by the last pin to go.</summary>
        public void Retire()
        {
            if ((Interlocked.Or(ref _state, Retired) & ~Retired) == 0)
            {
                Release();
            }
        }

        private void Release()
        {
            lock (_gate)
            {
                _waits?.Dispose();
                _waits = null;
            }
            Kernel32.UnmapViewOfFile(Address);
            if (UsedLockFile)
            {
                WindowsLockFiles.RemoveIfUnused(this);
            }
        }
    }

    /// <summary>Notes a view just mapped, with the segment's mapping handle (for its access list).</summary>
    public static View Add(nint address, long mappedBytes, string qualifiedName, nint mapping)
    {
        var view = new View(address, mappedBytes, qualifiedName, mapping);
        lock (Gate)
        {
            var views = new View[_views.Length + 1];
            var at = 0;
            while (at < _views.Length && _views[at].Address < address)
            {
                views[at] = _views[at];
                at++;
            }
            views[at] = view;
            Array.Copy(_views, at, views, at + 1, _views.Length - at);
            Volatile.Write(ref _views, views);
        }
        return view;
    }

    /// <summary>Forgets <paramref name="view"/> and unmaps it, at once or when its last wait unpins it.</summary>
    public static void Unmap(View view)
    {
        lock (Gate)
        {
            var at = Array.IndexOf(_views, view);
            if (at >= 0)
            {
                var views = new View[_views.Length - 1];
                Array.Copy(_views, 0, views, 0, at);
                Array.Copy(_views, at + 1, views, at, _views.Length - at - 1);
                Volatile.Write(ref _views, views);
            }
        }
        view.Retire();
    }

    /// <summary>The view that holds <paramref name="word"/>, pinned (the caller unpins it), or null when no segment view does.</summary>
    public static View? Pin(void* word)
    {
        var views = Volatile.Read(ref _views);
        int low = 0, high = views.Length - 1;
        var address = (nint)word;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var view = views[middle];
            if (address < view.Address)
            {
                high = middle - 1;
            }
            else if (address >= view.Address + (nint)view.MappedBytes)
            {
                low = middle + 1;
            }
            else
            {
                return view.TryPin() ? view : null;
            }
        }
        return null;
    }
}
