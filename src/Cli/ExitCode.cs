namespace SharedTyped.Cli;

/// <summary>What the process exit status means; the same table is printed by <c>--help</c>.</summary>
internal enum ExitCode
{
    /// <summary>Everything asked for was done.</summary>
    Ok = 0,

    /// <summary>The command line is wrong: unknown command or option, missing or extra arguments.</summary>
    Usage = 1,

    /// <summary>A named segment or a file does not exist.</summary>
    NotFound = 2,

    /// <summary>Something is not a valid shared array or file, does not match, or is not supported (invalid name, corrupt header, Fortran order, …).</summary>
    Invalid = 3,

    /// <summary>The segment name is taken.</summary>
    Exists = 4,

    /// <summary>Permission denied, or a segment owned by another user.</summary>
    Denied = 5,

    /// <summary>Any other I/O failure, e.g. the shared-memory file system is full.</summary>
    IOError = 6,
}
