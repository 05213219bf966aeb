using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>How <c>Attach</c> opens an existing segment.</summary>
public sealed record AttachOptions
{
    // Before Default, which is built with it: static initialisers run in the order they are written.
    /// <summary>The default of <see cref="LockTimeout"/>: 30 seconds.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Shared defaults: persistent, own segments only.</summary>
    public static AttachOptions Default { get; } = new();

    /// <summary>
    /// <see cref="SegmentLifetime.DeleteOnDispose"/> unlinks the name when this array is disposed;
    /// <see cref="SegmentLifetime.LastProcessOut"/> counts this process among the holders.
    /// </summary>
    public SegmentLifetime Lifetime { get; init; }

    /// <summary>
    /// May the attach accept a segment owned by another user. Off by default, so that someone who squats on a
    /// name cannot feed this process data.
    /// </summary>
    public bool AcceptForeignSegment { get; init; }

    /// <summary>The shared-memory directory on Linux; see <see cref="CreateOptions.Directory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// How long a <see cref="SegmentLifetime.LastProcessOut"/> attach waits to join the segment's holders while another
    /// process holds its exclusive lock (<c>flock</c>). A SharedTyped process holds that lock only for the instant it
    /// removes a name; one that keeps it (another user's <c>flock -x</c>) makes the attach throw
    /// <see cref="TimeoutException"/> naming the array after this long, instead of waiting for ever.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>Receives activity messages; silent when <c>null</c>.</summary>
    public ILogger? Logger { get; init; }
}
