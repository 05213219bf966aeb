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
/// big.WaitForHugePages(TimeSpan.FromSeconds(30));   // Prefer's huge pages arrive after the create
/// Console.WriteLine(big.UsesHugePages);
/// </code>
/// </example>
public enum HugePages
{
    /// <summary>4 KiB pages, whatever the file system offers (the default).</summary>
    Off = 0,

    /// <summary>
    /// Huge pages where the shared-memory file system allows them, after the create: the segment is made,
    /// filled or loaded on 4 KiB pages, which are never slower to get, and a background thread of this
    /// process then collapses it onto huge pages one at a time (Linux 6.1 and later; before, huge pages at
    /// once as far as free memory has them). <c>HugePageBytes</c> shows the move as it goes and
    /// <c>WaitForHugePages</c> waits for its end. Elsewhere (a tmpfs mounted <c>huge=never</c>, macOS,
    /// Windows) 4 KiB pages, silently. The segment is rounded up to whole huge pages where it can have them.
    /// </summary>
    Prefer = 1,

    /// <summary>
    /// Huge pages when the create returns, or an exception at once: <see cref="SharedArrayHugePagesException"/>
    /// naming the array and the reason (the mount and how to enable them, or memory too fragmented) on Linux,
    /// <see cref="PlatformNotSupportedException"/> on macOS and Windows. A huge page is zeroed at its first
    /// write, which on a virtual machine that hands free memory back to its host costs more than 4 KiB
    /// pages do (docs/huge-pages.md).
    /// </summary>
    Require = 2,
}
