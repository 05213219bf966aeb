namespace SharedTyped;

public static partial class SharedArray
{
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

/// <summary>What the header of a cdxcore <c>to_file</c> file says; see <see cref="SharedArray.InspectFile"/>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Code">The element-type code.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="HeaderBytes">Where the elements start in the file.</param>
public sealed record ArrayFileInfo(string Path, DTypeCode Code, IReadOnlyList<long> Shape, int ItemSize, int HeaderBytes)
{
    /// <summary>numpy's name of the element type.</summary>
    public string ElementType => DTypeCodes.Name(Code);

    /// <summary>The number of elements.</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The bytes the elements take.</summary>
    public long DataBytes => Length * ItemSize;
}

/// <summary>A program the runtime runs, and where it was found (null: not found).</summary>
/// <param name="Name">The program, as the runtime looks for it.</param>
/// <param name="Path">Where it was found, or null.</param>
public sealed record SystemTool(string Name, string? Path);
