namespace SharedTyped;

/// <summary>No segment of the given name exists (cdxcore raises <c>FileNotFoundError</c>).</summary>
public sealed class SharedArrayNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayNotFoundException(string message, string? path = null) : base(message, path) { }

    /// <summary>Creates the exception with the one that caused it.</summary>
    public SharedArrayNotFoundException(string message, string? path, Exception? inner) : base(message, path, inner) { }
}

/// <summary>
/// A segment of the given name exists already (cdxcore raises <c>FileExistsError</c>). The runtime's message names the
/// ways out: <see cref="CreateOptions.Force"/>, <c>CreateOrAttach</c>, <see cref="SegmentLifetime.LastProcessOut"/> and
/// <c>sharedtyped rm NAME</c>.
/// </summary>
public sealed class SharedArrayExistsException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayExistsException(string message) : base(message) { }

    /// <summary>Creates the exception with the one that caused it.</summary>
    public SharedArrayExistsException(string message, Exception? inner) : base(message, inner) { }

    private SharedArrayExistsException(string name, string? location, string? requested, Exception? inner)
        : base(Describe(name, location, requested), inner)
    {
        SegmentName = name;
        Location = location;
    }

    /// <summary>The name that is taken, when the runtime raised this.</summary>
    public string? SegmentName { get; }

    /// <summary>Where the name lives (<c>/dev/shm/prices</c>), when the system has a path for it.</summary>
    public string? Location { get; }

    /// <summary>The one wording of a taken name, everywhere the runtime reports one.</summary>
    internal static SharedArrayExistsException For(string name, string? location) => new(name, location, null, null);

    /// <summary>The same, restated with what the caller asked to create.</summary>
    internal SharedArrayExistsException Requested(string requested) =>
        SegmentName is { } name ? new(name, Location, requested, this) : new($"{Message.TrimEnd('.')}; requested {requested}.", this);

    private static string Describe(string name, string? location, string? requested) =>
        ExistsMessage.For(name, location, ExistsMessage.LibraryWayOut(name), requested: requested);
}

/// <summary>The segment holds another element type or shape than asked for (cdxcore raises <c>ValueError</c>).</summary>
public sealed class SharedArrayMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayMismatchException(string message) : base(message) { }
}

/// <summary>A segment or file whose header is corrupt, truncated or hostile.</summary>
public sealed class SharedArrayFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayFormatException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The shared-memory file system cannot back a new segment.</summary>
public sealed class SharedArrayOutOfSpaceException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayOutOfSpaceException(string message, long requestedBytes, long availableBytes) : base(message)
    {
        RequestedBytes = requestedBytes;
        AvailableBytes = availableBytes;
    }

    /// <summary>The bytes the segment needed.</summary>
    public long RequestedBytes { get; }

    /// <summary>The bytes the file system reported free, or -1 where unknown.</summary>
    public long AvailableBytes { get; }
}

/// <summary>The segment belongs to another user and the caller did not opt in to trusting it.</summary>
public sealed class SharedArrayAccessException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayAccessException(string message) : base(message) { }
}

/// <summary>
/// <c>Save</c> or <c>SaveNpy</c> found a file at the path and was not asked to replace it (see <see cref="SaveOptions.Overwrite"/>).
/// </summary>
public sealed class SharedArrayFileExistsException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayFileExistsException(string message, string path) : base(message) => Path = path;

    /// <summary>The file that is there, as an absolute path.</summary>
    public string Path { get; }
}
