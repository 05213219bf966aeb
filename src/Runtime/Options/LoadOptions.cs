using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>How <c>Load</c> brings a <c>to_file</c> file into shared memory.</summary>
public sealed record LoadOptions
{
    /// <summary>Shared defaults: accept an existing matching segment.</summary>
    public static LoadOptions Default { get; } = new();

    /// <summary>
    /// First try to attach to an existing segment of the name whose element type and shape match the
    /// file's (cdxcore's <c>accept_existing</c>); otherwise an existing name is an error.
    /// </summary>
    public bool AcceptExisting { get; init; } = true;

    /// <summary>When the name goes away; see <see cref="SegmentLifetime"/>.</summary>
    public SegmentLifetime Lifetime { get; init; }

    /// <summary>Who may open a newly made segment.</summary>
    public SegmentPermissions Permissions { get; init; }

    /// <summary>May <see cref="AcceptExisting"/> accept an existing segment owned by another user (off by default).</summary>
    public bool AcceptForeignSegment { get; init; }

    /// <summary>The shared-memory directory on Linux; see <see cref="CreateOptions.Directory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>Receives activity messages; silent when <c>null</c>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Whether a newly made segment is backed by huge pages (an attached existing one is as it is); see <see cref="SharedTyped.HugePages"/>.</summary>
    public HugePages HugePages { get; init; }

    /// <summary>
    /// Told the number of data bytes copied so far, on the loading thread, after each chunk (of a few MiB) of a new
    /// segment is filled; not called when an existing segment is attached. For progress bars of big files.
    /// </summary>
    public IProgress<long>? Progress { get; init; }
}
