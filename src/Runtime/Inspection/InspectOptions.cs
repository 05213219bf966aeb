namespace SharedTyped.Diagnostics;

/// <summary>How <see cref="SharedMemory.Inspect(string, InspectOptions?)"/> looks at a segment.</summary>
public sealed record InspectOptions
{
    /// <summary>Shared defaults: the default directory, any owner's segment read.</summary>
    public static InspectOptions Default { get; } = new();

    /// <summary>The shared-memory directory on Linux; see <see cref="CreateOptions.Directory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>
    /// May the look accept a segment owned by another user (as <see cref="AttachOptions.AcceptForeignSegment"/>).
    /// On by default: a look maps nothing writable and trusts nothing it reads, so a tool may show any user's
    /// segment. A process about to hand the contents on (a Flight server) turns it off, as its attach does.
    /// </summary>
    public bool AcceptForeignSegment { get; init; } = true;
}
