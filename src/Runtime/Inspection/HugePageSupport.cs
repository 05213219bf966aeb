namespace SharedTyped;

/// <summary>
/// Whether new segments in a shared-memory directory can be backed by huge pages, and if not, why and
/// how to enable them; what <c>sharedtyped doctor</c> reports. See <see cref="HugePages"/>.
/// </summary>
/// <example>
/// <code>
/// var support = HugePageSupport.For();
/// Console.WriteLine(support.Summary);
/// if (!support.Available &amp;&amp; support.EnableCommand is { } command)
/// {
///     Console.WriteLine($"as root: {command}");
/// }
/// </code>
/// </example>
public sealed record HugePageSupport
{
    /// <summary>Whether <see cref="HugePages.Prefer"/> gets huge pages there (the kernel may still fall back when memory is fragmented).</summary>
    public required bool Available { get; init; }

    /// <summary>The shared-memory directory asked about (Linux), or the system's namespace elsewhere.</summary>
    public required string Directory { get; init; }

    /// <summary>Where the file system holding <see cref="Directory"/> is mounted (from <c>/proc/self/mountinfo</c>), or <c>null</c> off Linux.</summary>
    public string? MountPoint { get; init; }

    /// <summary>The file system type of that mount (<c>tmpfs</c>), or <c>null</c> off Linux.</summary>
    public string? FileSystem { get; init; }

    /// <summary>The mount's super-block options as the kernel lists them (<c>rw,size=24683584k,huge=within_size</c>), or <c>null</c>.</summary>
    public string? MountOptions { get; init; }

    /// <summary>The tmpfs <c>huge=</c> policy in force: <c>never</c>, <c>always</c>, <c>within_size</c> or <c>advise</c>; <c>null</c> when not a tmpfs.</summary>
    public string? HugeOption { get; init; }

    /// <summary>The size of one huge page in bytes (2 MiB on x86-64), or 0 where the kernel has none.</summary>
    public long PageBytes { get; init; }

    /// <summary>One sentence: what is available and why, e.g. <c>/dev/shm is a tmpfs mounted huge=never</c>.</summary>
    public required string Summary { get; init; }

    /// <summary>A command that enables huge pages there, run as root (<c>mount -o remount,huge=within_size /dev/shm</c>), or <c>null</c> when none would.</summary>
    public string? EnableCommand { get; init; }

    /// <summary>What the system offers in <paramref name="directory"/> (default: <c>SHAREDTYPED_SHM_DIR</c>, else <c>/dev/shm</c>).</summary>
    public static HugePageSupport For(string? directory = null) => SharedMemoryPlatform.Current.DescribeHugePages(directory);
}
