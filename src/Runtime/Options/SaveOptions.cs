namespace SharedTyped;

/// <summary>How <c>Save</c> and <c>SaveNpy</c> write a file.</summary>
/// <example>
/// <code>
/// prices.Save("prices.bin", new SaveOptions { Overwrite = true }); // replace yesterday's file
/// times.SaveNpy("times.npy", new SaveOptions { TimeUnit = "ns" });  // numpy reads datetime64[ns]
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

    /// <summary>
    /// For <c>SaveNpy</c> of <see cref="DateTime64"/>/<see cref="TimeDelta64"/> arrays: numpy's unit to record (<c>ns</c>,
    /// <c>s</c>, <c>D</c>, <c>15m</c>, …; <c>μs</c> is written as numpy's <c>us</c>); null writes the generic unit. A unit
    /// for other elements, or for a cdxcore <c>to_file</c> file (<c>Save</c>, whose header records none), is refused
    /// with <see cref="ArgumentException"/> naming the array.
    /// </summary>
    public string? TimeUnit { get; init; }
}
