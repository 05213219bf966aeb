namespace SharedTyped;

/// <summary>How <c>Save</c> and <c>SaveNpy</c> write a file.</summary>
/// <example>
/// <code>
/// prices.Save("prices.bin", new SaveOptions { Overwrite = true }); // replace yesterday's file
/// </code>
/// </example>
public sealed record SaveOptions
{
    /// <summary>Shared defaults: never replace an existing file.</summary>
    public static SaveOptions Default { get; } = new();

    /// <summary>
    /// Replace a regular file already at the path (atomically: the new file is written beside it and renamed over it).
    /// Off by default: an existing file is refused with <see cref="SharedArrayFileExistsException"/>. Whatever this
    /// says, a symbolic link, a directory, a FIFO, a socket or a device at the path is never replaced.
    /// </summary>
    public bool Overwrite { get; init; }
}
