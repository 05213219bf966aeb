namespace SharedTyped.Diagnostics;

/// <summary>
/// Inspection and system queries: what the system and a segment's header say about a name, where names live,
/// what a file holds. Every one is only a look: it creates, attaches and removes nothing, not even an orphaned
/// <see cref="SegmentLifetime.LastProcessOut"/> segment. The arrays themselves are made, attached, loaded and
/// deleted through <see cref="SharedArray"/>.
/// </summary>
public static class SharedMemory
{
    private static ISharedMemoryPlatform Platform => SharedMemoryPlatform.Current;

    /// <summary>
    /// What the header of segment <paramref name="name"/> says, without knowing its element type, and what the system
    /// says about it (owner, mode, huge pages, the sync block's state).
    /// </summary>
    /// <param name="name">The segment name.</param>
    /// <param name="options">Where to look and whether another user's segment is read; <see cref="InspectOptions.Default"/> when null.</param>
    /// <exception cref="SharedArrayNotFoundException">No segment has that name.</exception>
    /// <exception cref="SharedArrayFormatException">Its header is not a valid SharedTyped/cdxcore header.</exception>
    /// <exception cref="SharedArrayAccessException">It belongs to another user and <see cref="InspectOptions.AcceptForeignSegment"/> is off.</exception>
    public static SegmentInfo Inspect(string name, InspectOptions? options = null)
    {
        options ??= InspectOptions.Default;
        SegmentName.Validate(name, Platform.MaxNameBytes);
        using var native = Platform.Open(name, new SegmentOpenRequest(options.Directory, Writable: false, options.AcceptForeignSegment, LastProcessOut: false, LookOnly: true))
            ?? throw SharedArray.NotFound(name, options.Directory);
        native.EnsureMapped(name);
        var layout = SharedArray.ParseHeader(native, name);
        return SegmentInfo.WithSyncFacts(new SegmentInfo(name, layout.Code, layout.Shape, layout.ItemSize, layout.DataOffset, native.Length, native.OwnerId, native.Mode) { HugePageBytes = native.HugePageBytes }, native, layout);
    }

    /// <summary>The names in the shared-memory directory (Linux); macOS and Windows cannot list theirs and return none.</summary>
    public static IReadOnlyList<string> List(string? directory = null) => Platform.List(directory);

    /// <summary>
    /// What the system says about the name <paramref name="name"/> (size, owner, mode, holders) without reading or
    /// trusting its header; null when nothing has that name. Use <see cref="Inspect"/> for what the header says.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid name.</exception>
    public static SegmentStat? Stat(string name, string? directory = null)
    {
        SegmentName.Validate(name, Platform.MaxNameBytes);
        return Platform.Stat(name, directory);
    }

    /// <summary>Where the name lives, as messages show it: <c>/dev/shm/prices</c> on Linux, the object name elsewhere.</summary>
    /// <exception cref="ArgumentException">An invalid name.</exception>
    public static string Locate(string name, string? directory = null)
    {
        SegmentName.Validate(name, Platform.MaxNameBytes);
        return Platform.Locate(name, directory);
    }

    /// <summary>
    /// The directory segments live in on this system: <paramref name="directory"/>, else <c>SHAREDTYPED_SHM_DIR</c>,
    /// else <c>/dev/shm</c> on Linux; null on systems whose shared memory is not a directory (macOS, Windows).
    /// </summary>
    public static string? SegmentDirectory(string? directory = null) => Platform.SegmentDirectory(directory);

    /// <summary>
    /// The programs <see cref="SegmentLifetime.LastProcessOut"/> needs on this system (Linux: <c>/bin/sh</c>, <c>flock</c>,
    /// <c>stat</c>, <c>rm</c> for its watcher process) and where each was found; a null path is missing, and
    /// LastProcessOut then fails at create. Empty where it needs none.
    /// </summary>
    public static IReadOnlyList<SystemTool> LastProcessOutTools() => Platform.LastProcessOutTools();

    /// <summary>
    /// Which format <paramref name="file"/> is in, from its first bytes and whatever its name: <c>.npy</c> when it starts
    /// with numpy's magic string, <c>.npz</c> when it starts as a zip archive does, <c>to_file</c> otherwise. The file is
    /// opened as every load opens it: without blocking, so a FIFO with no writer is refused at once, and only a
    /// regular file is read.
    /// </summary>
    /// <param name="file">The file.</param>
    /// <param name="name">The segment the file is meant for, named in messages.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">A directory, FIFO, socket or device, not a regular file.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static DataFileFormat DetectFileFormat(string file, string name)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var handle = DataFile.OpenForReading(file, $"Cannot load shared array '{name}'");
        Span<byte> start = stackalloc byte[6];
        var read = RandomAccess.Read(handle, start, 0);
        return read == start.Length && start.SequenceEqual(NpyHeader.Magic) ? DataFileFormat.Npy
            : NpzArchive.IsZip(start[..read]) ? DataFileFormat.Npz
            : DataFileFormat.ToFile;
    }

    /// <summary>The header of a cdxcore <c>to_file</c> file, checked against the file's length, without loading it.</summary>
    /// <param name="file">The file.</param>
    /// <param name="name">The segment the file is meant for, named in messages.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">Not a valid <c>to_file</c> file.</exception>
    public static ArrayFileInfo InspectFile(string file, string name)
    {
        using var reader = new ArrayFile.Reader(file, name);
        var layout = reader.Layout;
        return new ArrayFileInfo(file, layout.Code, layout.Shape, layout.ItemSize, layout.FileHeaderLength);
    }
}
