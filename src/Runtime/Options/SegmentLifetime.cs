namespace SharedTyped;

/// <summary>When a segment's name is removed from the system.</summary>
public enum SegmentLifetime
{
    /// <summary>
    /// The segment stays until someone deletes it (cdxcore's default on Linux): it outlives every
    /// process and can be attached by the next run.
    /// </summary>
    Persistent = 0,

    /// <summary>
    /// Disposing this array unlinks the name (cdxcore's <c>unlink=True</c>); other mappings stay valid.
    /// An array that is never disposed unlinks when the garbage collector releases this process's
    /// mapping of the segment, as cdxcore's does when its array is collected, and when the process
    /// ends by a normal exit, SIGINT (Ctrl+C) or SIGTERM (Linux; a SIGKILL leaves the name). The signal
    /// handlers never cancel the signal; see docs/guarantees.md for how they sit among an application's own.
    /// </summary>
    DeleteOnDispose = 1,

    /// <summary>
    /// The name is removed when the last SharedTyped process holding the segment closes it or dies,
    /// a killed process included (cdxcore's <c>track=True</c>). Linux only; holders keep a shared
    /// <c>flock</c> on the segment and a small watcher process removes it when the last lock goes.
    /// </summary>
    LastProcessOut = 2,
}
