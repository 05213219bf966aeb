using SharedTyped.Flight;

namespace SharedTyped;

/// <summary>What kind of failure an exception reports, as a caller can act on it.</summary>
internal enum FailureKind
{
    /// <summary>A named segment or a file does not exist.</summary>
    NotFound,

    /// <summary>The segment name is taken.</summary>
    Exists,

    /// <summary>Permission denied, or a segment owned by another user.</summary>
    Denied,

    /// <summary>The segment or file is not what was asked for: another element type or shape, a corrupt header, an unsupported feature.</summary>
    Mismatch,

    /// <summary>The request itself is wrong: an invalid name, shape or argument, or a malformed Flight message.</summary>
    InvalidRequest,

    /// <summary>The shared-memory file system cannot back a new segment.</summary>
    OutOfSpace,

    /// <summary>Any other I/O failure.</summary>
    IOError,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>
/// The one classification of the exceptions the library and Flight throw, compiled into the Flight server (gRPC
/// statuses, src/Flight/Server/StatusMapping.cs) and the CLI (exit codes, src/Cli/Failures.cs), so that both report
/// a failure alike. The order matters: the more specific types come before the types they derive from.
/// </summary>
internal static class FailureKinds
{
    /// <summary>The kind of <paramref name="e"/>, or null for an exception that is a bug rather than a failure to report.</summary>
    public static FailureKind? Of(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => FailureKind.NotFound,
        SharedArrayExistsException => FailureKind.Exists,
        UnauthorizedAccessException => FailureKind.Denied,
        SharedArrayMismatchException or SharedArrayFormatException or NotSupportedException => FailureKind.Mismatch,
        SharedArrayFlightException or ArgumentException => FailureKind.InvalidRequest,
        SharedArrayOutOfSpaceException => FailureKind.OutOfSpace,
        OperationCanceledException => FailureKind.Cancelled,
        IOException => FailureKind.IOError,
        _ => null,
    };
}
