namespace SharedTyped;

/// <summary>
/// Builds a new segment on huge pages where its tmpfs hands them out. The length is rounded up to
/// whole huge pages (a tmpfs mounted <c>within_size</c> gives a huge page only where it lies wholly
/// inside the file), and every page is still reserved at create, so a full file system fails here
/// and not with SIGBUS later (docs/guarantees.md).
/// </summary>
internal static unsafe class HugePageReservation
{
    /// <summary>
    /// Reserves and maps <paramref name="segment"/> on huge pages; false (nothing done) when the file
    /// system gives none and <see cref="HugePages.Prefer"/> lets the caller go on with 4 KiB pages.
    /// </summary>
    public static bool TryReserve(LinuxSegment segment, string name, string directory, long length, HugePages wanted)
    {
        var (support, backing) = TmpfsHugePages.Describe(directory);
        if (backing == HugePageBacking.None)
        {
            return wanted == HugePages.Require ? throw Unavailable(name, support, null) : false;
        }
        var rounded = checked((length + support.PageBytes - 1) / support.PageBytes * support.PageBytes);
        if (backing == HugePageBacking.Allocate)
        {
            LinuxSharedMemory.Reserve(segment.Descriptor, name, directory, rounded);
            segment.Map(name, rounded, writable: true);
            // Not needed for the allocation; it keeps khugepaged from splitting what it could collapse.
            segment.AdviseHugePages();
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
            if (!segment.AdviseHugePages() || !Populate(segment, name, directory, rounded))
            {
                if (wanted == HugePages.Require)
                {
                    throw Unavailable(name, support, "this kernel cannot populate a mapping in one call (MADV_POPULATE_WRITE needs Linux 5.14), which a huge=advise mount needs; mount it huge=within_size instead");
                }
                LinuxSharedMemory.Reserve(segment.Descriptor, name, directory, rounded);
                return true;
            }
        }
        segment.OnHugePages = true;
        if (wanted == HugePages.Require)
        {
            // The first page is faulted in here (the header goes there next anyway), so smaps can tell.
            segment.TouchFirstPage();
            if (!segment.UsesHugePages)
            {
                throw Unavailable(name, support with { Available = false },
                    "the kernel gave 4 KiB pages anyway (memory too fragmented for huge pages, or transparent huge pages disabled for this process)");
            }
        }
        return true;
    }

    /// <summary>Faults every page in; false when the kernel lacks the call. A file system that cannot back the pages is reported as out of space.</summary>
    private static bool Populate(LinuxSegment segment, string name, string directory, long length)
    {
        int error;
        while ((error = segment.Populate()) == Libc.EINTR)
        {
        }
        return error switch
        {
            0 => true,
            Libc.EINVAL => false,
            // EFAULT: a page could not be backed, where a touch would have been SIGBUS (the file system is full).
            Libc.EFAULT => throw LinuxSharedMemory.OutOfSpace(name, directory, length, null),
            Libc.ENOMEM => throw LinuxSharedMemory.OutOfSpace(name, directory, length, "the memory to back it could not be had (out of memory, or the memory cgroup's limit)"),
            _ => throw new IOException($"Shared array '{name}': cannot reserve {length} bytes of huge pages in '{directory}': {Libc.Describe(error)}."),
        };
    }

    private static SharedArrayHugePagesException Unavailable(string name, HugePageSupport support, string? why)
    {
        var reason = why ?? support.Summary;
        var enable = support.EnableCommand is { } command ? $" To enable them, run as root: {command}." : "";
        return new SharedArrayHugePagesException(
            $"Shared array '{name}' requires huge pages (HugePages.Require), but {reason}.{enable} " +
            "Or use HugePages.Prefer to fall back to 4 KiB pages.", support);
    }
}
