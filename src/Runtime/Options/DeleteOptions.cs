using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>How <see cref="SharedArray.Delete(string, DeleteOptions?)"/> removes a name.</summary>
public sealed record DeleteOptions
{
    /// <summary>Shared defaults: the default directory, own segments only, silent.</summary>
    public static DeleteOptions Default { get; } = new();

    /// <summary>The shared-memory directory on Linux; see <see cref="CreateOptions.Directory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary>Receives activity messages; silent when <c>null</c>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// May the delete remove a segment owned by another user. Off by default, root included, so that a
    /// stray <c>Delete</c> never removes what another user's processes rely on.
    /// </summary>
    public bool DeleteForeignSegment { get; init; }
}
