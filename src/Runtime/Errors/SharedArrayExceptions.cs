namespace SharedTyped;

/// <summary>No segment of the given name exists (cdxcore raises <c>FileNotFoundError</c>).</summary>
public sealed class SharedArrayNotFoundException : FileNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayNotFoundException(string message, string? path = null) : base(message, path) { }

    /// <summary>Creates the exception with the one that caused it.</summary>
    public SharedArrayNotFoundException(string message, string? path, Exception? inner) : base(message, path, inner) { }
}

/// <summary>A segment of the given name exists already (cdxcore raises <c>FileExistsError</c>).</summary>
public sealed class SharedArrayExistsException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayExistsException(string message) : base(message) { }

    /// <summary>Creates the exception with the one that caused it.</summary>
    public SharedArrayExistsException(string message, Exception? inner) : base(message, inner) { }
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
