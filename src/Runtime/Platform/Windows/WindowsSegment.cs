using System.Runtime.Versioning;

namespace SharedTyped;

/// <summary>
/// One Windows named mapping, mapped whole. Its length is the one its creator stored in the
/// <see cref="WindowsSegmentTrailer"/> (else, for a mapping made by cdxcore or numpy, the page-rounded
/// size). A mapping is named from its creation on, so a new segment keeps its header's first word
/// (the header length, never 0 in a whole header) at 0 until <see cref="Publish"/>: an attacher that
/// opens it earlier finds no header and treats it as not there yet.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsSegment : NativeSegment
{
    private readonly string _name;
    private nint _mapping;
    private byte* _trailer;
    private uint _headerWord;
    private WindowsMappedViews.View? _view;

    private WindowsSegment(nint mapping, string name)
    {
        _mapping = mapping;
        _name = name;
    }

    /// <summary>The view as coordination finds it by address (src/Runtime/Platform/Windows/WindowsMappedViews.cs); null until mapped.</summary>
    public WindowsMappedViews.View? View => _view;

    /// <summary>The mapping handle, for the owner check.</summary>
    public nint MappingHandle => _mapping;

    /// <summary>Wraps a mapping handle and maps it; disposes it on failure.</summary>
    public static WindowsSegment Map(nint mapping, string name, bool writable, long? createdLength)
    {
        var segment = new WindowsSegment(mapping, name);
        try
        {
            segment.MapView(writable, createdLength);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    private void MapView(bool writable, long? createdLength)
    {
        var access = writable ? Kernel32.FileMapRead | Kernel32.FileMapWrite : Kernel32.FileMapRead;
        var address = Kernel32.MapViewOfFile(_mapping, access, 0, 0, 0);
        if (address == 0)
        {
            throw new IOException($"Shared array '{_name}': MapViewOfFile failed: {Kernel32.LastError()}.");
        }
        SetHandle(address);
        Kernel32.MemoryBasicInformation info;
        if (Kernel32.VirtualQuery(address, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) == 0)
        {
            throw new IOException($"Shared array '{_name}': VirtualQuery failed: {Kernel32.LastError()}.");
        }
        var mapped = (long)info.RegionSize;
        // Unmapped through the registry from here on: a wait pinned on the view defers the unmap.
        _view = WindowsMappedViews.Add(address, mapped, WindowsNames.Qualified(_name), _mapping);
        if (createdLength is { } length)
        {
            WindowsSegmentTrailer.Write((byte*)address, mapped, length);
        }
        _trailer = WindowsSegmentTrailer.Find((byte*)address, mapped);
        Length = mapped;
        if (_trailer is not null)
        {
            Length = WindowsSegmentTrailer.StoredLength(_trailer, mapped)
                ?? throw new SharedArrayFormatException($"Shared array '{_name}': the length stored at the end of its mapping cannot be true of a mapping of {mapped} bytes.");
        }
        Size = Length;
        Writable = writable;
        // A named mapping cannot be replaced while a handle to it is open, so while this segment
        // lives its name is its identity; "x" and "Local\x" name the same object.
        Identity = new SegmentIdentity(WindowsNames.Qualified(_name), 0, 0);
    }

    /// <summary>Whether the header is whole: its first word is set last, by <see cref="Publish"/>.</summary>
    public bool IsPublished => Volatile.Read(ref *(uint*)Address) != 0;

    /// <summary>Whether the segment was deleted (and only waits for its last handle to go).</summary>
    public bool IsDeleted => _trailer is not null && WindowsSegmentTrailer.IsDeleted(_trailer);

    /// <summary>Whether this segment can be marked deleted: SharedTyped made it.</summary>
    public bool HasTrailer => _trailer is not null;

    /// <summary>Writes the header but its first word, which <see cref="Publish"/> sets once everything else is in place.</summary>
    public override void WriteHeader(SegmentLayout layout) => _headerWord = layout.WriteSegmentHeader(Address, withFirstWord: false);

    /// <summary>Sets the header's first word, after every other byte of the segment: the segment is whole from here on.</summary>
    public void Publish() => Volatile.Write(ref *(uint*)Address, _headerWord);

    public override bool IsCurrent() => !IsDeleted;

    /// <summary>
    /// Marks the segment deleted so that no one attaches it any more (Windows frees the name with its
    /// last handle), and retires its sync block so that its waiters end.
    /// </summary>
    public override bool UnlinkIfStillNamed(TimeSpan patience)
    {
        if (_trailer is null || !Writable || !WindowsSegmentTrailer.MarkDeleted(_trailer))
        {
            return false;
        }
        WindowsRetire.SyncBlockOf(Address, Length, _name);
        return true;
    }

    protected override void Unmap()
    {
        if (_view is not null)
        {
            // Before the mapping handle goes (CloseSource runs after this): the view may still need it to open its wait objects.
            WindowsMappedViews.Unmap(_view);
        }
        else
        {
            Kernel32.UnmapViewOfFile(handle);
        }
    }

    protected override void CloseSource()
    {
        var mapping = Interlocked.Exchange(ref _mapping, 0);
        if (mapping != 0)
        {
            _view?.MappingClosed();
            Kernel32.CloseHandle(mapping);
        }
    }
}
