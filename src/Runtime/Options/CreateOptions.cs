using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>How <see cref="SharedArray.Create{T}(string, ReadOnlySpan{long}, CreateOptions?)"/> makes a segment.</summary>
public sealed record CreateOptions
{
    // Before Default, which is built with it: static initialisers run in the order they are written.
    /// <summary>The default of <see cref="PublicationTimeout"/>: 30 seconds.</summary>
    public static TimeSpan DefaultPublicationTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Shared defaults: persistent, owner-only, no force.</summary>
    public static CreateOptions Default { get; } = new();

    /// <summary>
    /// Replace an existing segment of the same name (cdxcore's <c>force=True</c>). Of several processes
    /// forcing one name at once, every one succeeds and the last to publish wins: the others hold
    /// segments nobody can reach by the name any more, which <see cref="SharedArray{T}.IsCurrent"/>
    /// tells them. A segment still being built is never replaced, and another user's only with
    /// <see cref="ReplaceForeignSegment"/>.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>May <see cref="Force"/> replace a segment owned by another user (off by default, root included).</summary>
    public bool ReplaceForeignSegment { get; init; }

    /// <summary>When the name goes away; see <see cref="SegmentLifetime"/>.</summary>
    public SegmentLifetime Lifetime { get; init; }

    /// <summary>Who may open the segment.</summary>
    public SegmentPermissions Permissions { get; init; }

    /// <summary>
    /// The shared-memory directory on Linux; <c>null</c> means the environment variable
    /// <c>SHAREDTYPED_SHM_DIR</c>, else <c>/dev/shm</c> (where numpy peers look). The variable is read
    /// once, by the first call that needs it: set it before then (at start-up, or in the environment
    /// the process is started with).
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Receives activity messages (cdxcore's <c>verbose</c>); silent when <c>null</c>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Whether the segment is backed by huge pages; see <see cref="SharedTyped.HugePages"/>.</summary>
    public HugePages HugePages { get; init; }

    /// <summary>
    /// How long <see cref="SharedArray.CreateOrAttach{T}(string, ReadOnlySpan{long}, out bool, CreateOptions?)"/>
    /// waits for a segment that another process is still creating under the name to be published, before it
    /// throws a <see cref="TimeoutException"/> naming the array. Only Windows has that state (a mapping is
    /// named before its header is complete; docs/guarantees.md, "Windows"); on Linux a segment is named
    /// only once whole. <see cref="Timeout.InfiniteTimeSpan"/> waits for as long as it takes.
    /// </summary>
    public TimeSpan PublicationTimeout { get; init; } = DefaultPublicationTimeout;
}
