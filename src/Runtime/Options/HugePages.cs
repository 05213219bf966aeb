namespace SharedTyped;

/// <summary>
/// Whether a new segment is backed by huge pages (2 MiB on x86-64) instead of 4 KiB pages. A 1 GiB
/// segment then takes 512 page allocations and page-table entries instead of 262,144, which makes
/// creating, filling and loading it, and random access into it, faster. Linux only, on a tmpfs mounted
/// with <c>huge=within_size</c>, <c>huge=always</c> or <c>huge=advise</c>; see <c>docs/huge-pages.md</c>
/// for how to remount <c>/dev/shm</c>. Peers (numpy, cdxcore, other SharedTyped processes) attach such
/// a segment by name as before.
/// </summary>
/// <example>
/// <code>
/// var options = new CreateOptions { HugePages = HugePages.Prefer };
/// using var big = SharedArray.Create&lt;double&gt;("big", [1L &lt;&lt; 27], options);
/// Console.WriteLine(big.UsesHugePages);
/// </code>
/// </example>
public enum HugePages
{
    /// <summary>4 KiB pages, whatever the file system offers (the default).</summary>
    Off = 0,

    /// <summary>
    /// Huge pages where the shared-memory file system allows them; elsewhere (a tmpfs mounted
    /// <c>huge=never</c>, macOS, Windows) 4 KiB pages, silently. The segment is rounded up to whole huge pages.
    /// </summary>
    Prefer = 1,

    /// <summary>
    /// Huge pages or an exception: <see cref="SharedArrayHugePagesException"/> naming the mount and how
    /// to enable them on Linux, <see cref="PlatformNotSupportedException"/> on macOS and Windows.
    /// </summary>
    Require = 2,
}
