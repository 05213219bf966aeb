namespace SharedTyped;

/// <summary>
/// <see cref="HugePages.Require"/> could not be met on Linux: the shared-memory file system does not
/// hand out huge pages (the message names the mount and how to enable them), or the kernel gave
/// 4 KiB pages anyway. Nothing is left behind.
/// </summary>
public sealed class SharedArrayHugePagesException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayHugePagesException(string message, HugePageSupport support) : base(message) => Support = support;

    /// <summary>What the system offers where the segment was to be made: the mount, its <c>huge=</c> option and how to enable huge pages.</summary>
    public HugePageSupport Support { get; }
}
