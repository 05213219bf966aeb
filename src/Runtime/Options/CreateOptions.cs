using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>How <see cref="SharedArray.Create{T}(string, ReadOnlySpan{long}, CreateOptions?)"/> makes a segment.</summary>
public sealed record CreateOptions
{
    /// <summary>Shared defaults: persistent, owner-only, no force.</summary>
    public static CreateOptions Default { get; } = new();

    /// <summary>Delete an existing segment of the same name first (cdxcore's <c>force=True</c>).</summary>
    public bool Force { get; init; }

    /// <summary>When the name goes away; see <see cref="SegmentLifetime"/>.</summary>
    public SegmentLifetime Lifetime { get; init; }

    /// <summary>Who may open the segment.</summary>
    public SegmentPermissions Permissions { get; init; }

    /// <summary>
    /// The shared-memory directory on Linux; <c>null</c> means the environment variable
    /// <c>SHAREDTYPED_SHM_DIR</c>, else <c>/dev/shm</c> (where numpy peers look).
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Receives activity messages (cdxcore's <c>verbose</c>); silent when <c>null</c>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Whether the segment is backed by huge pages; see <see cref="SharedTyped.HugePages"/>.</summary>
    public HugePages HugePages { get; init; }
}
