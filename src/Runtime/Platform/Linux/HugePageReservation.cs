namespace SharedTyped;

/// <summary>
/// Builds a new segment for huge pages where its tmpfs hands them out. The length is rounded up to
/// whole huge pages (a tmpfs mounted <c>within_size</c> gives a huge page only where it lies wholly
/// inside the file), and every page is still reserved at create, so a full file system fails here
/// and not with SIGBUS later (docs/guarantees.md).
/// <see cref="HugePages.Prefer"/> reserves small pages and has <see cref="HugePageCollapse"/> move the
/// segment onto huge pages once it is built, off the caller's path; <see cref="HugePages.Require"/>
/// reserves huge pages at once, without making the kernel compact memory, and fails at once, saying
/// why, where they are not to be had (docs/huge-pages.md).
/// </summary>
internal static unsafe class HugePageReservation
{
    /// <summary>The populate of a <c>huge=advise</c> segment goes this far between two looks at the free blocks.</summary>
    private const long Chunk = 64L << 20;

    /// <summary>
    /// Reserves and maps <paramref name="segment"/> for huge pages (<paramref name="subject"/>: how the
    /// message of a failure names the array, with its element type and shape); false (nothing done) when
    /// the file system gives none and <see cref="HugePages.Prefer"/> lets the caller go on with 4 KiB pages.
    /// </summary>
    public static bool TryReserve(LinuxSegment segment, string name, string directory, long length, HugePages wanted, Func<string>? subject)
    {
        var (support, backing) = TmpfsHugePages.Describe(directory);
        if (backing == HugePageBacking.None)
        {
            return wanted == HugePages.Require ? throw Unavailable(name, subject, support, null) : false;
        }
        var rounded = checked((length + support.PageBytes - 1) / support.PageBytes * support.PageBytes);
        if (wanted == HugePages.Prefer && HugePageCollapse.Supported())
        {
            ReserveSmallPages(segment, name, directory, rounded, backing);
            segment.CollapseWhenBuilt(support.PageBytes);
            return true;
        }
        var needed = rounded / support.PageBytes;
        var free = BuddyInfo.FreeBlocks(support.PageBytes);
        var readily = ReadilyAvailable(free, needed);
        if (!readily && wanted == HugePages.Require)
        {
            throw Unavailable(name, subject, support with { Available = false }, BuddyInfo.Describe(free, needed, support.PageBytes));
        }
        if (backing == HugePageBacking.Allocate)
        {
            // posix_fallocate has no mapping, so the kernel takes free huge pages and falls back to 4 KiB
            // pages where there are none, without compacting. Only the global defrag setting 'always'
            // makes it compact; then a short supply means 4 KiB pages from the start.
            if (!readily && TmpfsHugePages.DefragAlways())
            {
                return false;
            }
            // No MADV_HUGEPAGE: the mount decides already, and a mapping so marked would compact
            // synchronously on any fault that allocates.
            LinuxSharedMemory.Reserve(segment.Descriptor, name, directory, rounded);
            segment.Map(name, rounded, writable: true);
        }
        else
        {
            if (Libc.FTruncate(segment.Descriptor, rounded) != 0)
            {
                throw new IOException($"Shared array '{name}': cannot size a segment of {rounded} bytes in '{directory}': {Libc.Describe(Libc.Errno)}.");
            }
            segment.Map(name, rounded, writable: true);
            // huge=advise gives huge pages only to faults in a mapping marked so; posix_fallocate has no
            // mapping and would allocate 4 KiB pages. Populating the marked mapping is the reservation.
            if (!segment.AdviseHugePages())
            {
                return FallBack(segment, name, directory, rounded, 0, wanted, support, subject, "this kernel has no transparent huge pages for this mapping");
            }
            for (long done = 0; done < rounded; done += Chunk)
            {
                var chunk = Math.Min(Chunk, rounded - done);
                // Free blocks are counted before every chunk (other processes take them meanwhile):
                // faulting in a marked mapping without them is synchronous compaction (defrag 'madvise').
                // Prefer takes 4 KiB pages from the first chunk that would need it on.
                free = done == 0 ? free : BuddyInfo.FreeBlocks(support.PageBytes);
                if (!ReadilyAvailable(free, chunk / support.PageBytes))
                {
                    return FallBack(segment, name, directory, rounded, done, wanted, support, subject, BuddyInfo.Describe(free, (rounded - done) / support.PageBytes, support.PageBytes));
                }
                if (!Populate(segment, name, directory, done, chunk, rounded))
                {
                    return FallBack(segment, name, directory, rounded, done, wanted, support, subject,
                        "this kernel cannot populate a mapping in one call (MADV_POPULATE_WRITE needs Linux 5.14), which a huge=advise mount needs; mount it huge=within_size instead");
                }
            }
        }
        segment.OnHugePages = true;
        if (wanted == HugePages.Require)
        {
            // The first page is faulted in here (the header goes there next anyway), so smaps can tell.
            segment.TouchFirstPage();
            if (Smaps.HugeMappedBytes((nint)segment.Address, support.PageBytes) == 0)
            {
                throw Unavailable(name, subject, support with { Available = false },
                    "the kernel gave 4 KiB pages anyway (memory too fragmented for huge pages, or transparent huge pages disabled for this process)");
            }
        }
        return true;
    }

    /// <summary>Where <c>posix_fallocate</c> would take large blocks, one 4 KiB page of every this many bytes is allocated first.</summary>
    private const long SmallBlock = 64 << 10;

    /// <summary>
    /// Reserves <paramref name="rounded"/> bytes in pages smaller than a huge page. On <c>huge=advise</c>
    /// <c>posix_fallocate</c> does that by itself (it has no mapping). On <c>huge=within_size</c> or
    /// <c>always</c> it would take a huge page wherever one fits, and since Linux 6.14 blocks of up to
    /// 1 MiB (large folios) elsewhere, both carved from the free 2 MiB blocks that free page reporting
    /// hands to the host (docs/huge-pages.md). So the first 4 KiB of every 64 KiB is allocated first,
    /// beyond the file's size (<c>FALLOC_FL_KEEP_SIZE</c>), and then the rest: no block above 32 KiB fits
    /// anywhere, and those come from the small free pieces 4 KiB pages come from. A first allocation
    /// that fails leaves the error to the reservation.
    /// </summary>
    private static void ReserveSmallPages(LinuxSegment segment, string name, string directory, long rounded, HugePageBacking backing)
    {
        if (backing == HugePageBacking.Allocate)
        {
            for (long offset = 0; offset < rounded; offset += SmallBlock)
            {
                int result;
                while ((result = Libc.Fallocate(segment.Descriptor, Libc.FALLOC_FL_KEEP_SIZE, offset, Environment.SystemPageSize)) != 0 && Libc.Errno == Libc.EINTR)
                {
                }
                if (result != 0)
                {
                    break;
                }
            }
        }
        LinuxSharedMemory.Reserve(segment.Descriptor, name, directory, rounded);
        segment.Map(name, rounded, writable: true);
    }

    /// <summary>
    /// Enough free blocks for <paramref name="needed"/> huge pages and a margin for the kernel's watermarks
    /// and whoever allocates meanwhile; true when the count is unknown (the kernel then decides as before).
    /// </summary>
    private static bool ReadilyAvailable(long free, long needed) => free < 0 || free >= needed + needed / 8 + 8;

    /// <summary>
    /// The huge pages ran short after <paramref name="from"/> bytes of a <c>huge=advise</c> segment:
    /// <see cref="HugePages.Require"/> fails with the reason; <see cref="HugePages.Prefer"/> reserves the
    /// rest in 4 KiB pages (<c>posix_fallocate</c> has no mapping, so it allocates small pages there),
    /// which khugepaged may collapse later, since the mapping stays marked.
    /// </summary>
    private static bool FallBack(LinuxSegment segment, string name, string directory, long rounded, long from, HugePages wanted, HugePageSupport support, Func<string>? subject, string why)
    {
        if (wanted == HugePages.Require)
        {
            throw Unavailable(name, subject, support with { Available = false }, why);
        }
        LinuxSharedMemory.Reserve(segment.Descriptor, name, directory, rounded, from);
        segment.OnHugePages = from > 0;
        return true;
    }

    /// <summary>Faults [<paramref name="offset"/>, + <paramref name="length"/>) in; false when the kernel lacks the call. A file system that cannot back the pages is reported as out of space.</summary>
    private static bool Populate(LinuxSegment segment, string name, string directory, long offset, long length, long total)
    {
        int error;
        while ((error = segment.Populate(offset, length)) == Libc.EINTR)
        {
        }
        return error switch
        {
            0 => true,
            Libc.EINVAL => false,
            // EFAULT: a page could not be backed, where a touch would have been SIGBUS (the file system is full).
            Libc.EFAULT => throw LinuxSharedMemory.OutOfSpace(name, directory, total, null),
            Libc.ENOMEM => throw LinuxSharedMemory.OutOfSpace(name, directory, total, "the memory to back it could not be had (out of memory, or the memory cgroup's limit)"),
            _ => throw new IOException($"Shared array '{name}': cannot reserve {total} bytes of huge pages in '{directory}': {Libc.Describe(error)}."),
        };
    }

    private static SharedArrayHugePagesException Unavailable(string name, Func<string>? subject, HugePageSupport support, string? why)
    {
        var reason = why ?? support.Summary;
        var enable = support.EnableCommand is { } command ? $" To enable them, run as root: {command}." : "";
        return new SharedArrayHugePagesException(
            $"{subject?.Invoke() ?? $"Shared array '{name}'"} requires huge pages (HugePages.Require), but {reason}.{enable} " +
            "Or use HugePages.Prefer to fall back to 4 KiB pages.", support);
    }
}
