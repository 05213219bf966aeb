namespace SharedTyped.Peer;

/// <summary>
/// How many views of shared memory this process maps now, for the tests that check that disposed
/// arrays give their mappings back: on Linux the lines of /proc/self/maps naming the segments, on
/// Windows (no such file) how many of the views the arrays were mapped at are still mapped, asked with the
/// runtime's own Win32 declarations (src/Runtime/Platform/Windows/Kernel32.cs).
/// </summary>
internal static unsafe class MappedViews
{
    /// <summary>How many bytes of a view's start identify it: the segment's header (magic, element type, shape) and more.</summary>
    private const int Signature = 64;

    /// <summary>
    /// Where each array's view starts and the bytes it starts with (Windows; empty elsewhere), taken while
    /// they are attached. An address alone cannot tell a view still mapped from another mapping that the
    /// system put at the freed address later; a view of one of these segments still starts with its bytes.
    /// </summary>
    public static List<(nint Base, byte[] Start)> ViewsOf(IEnumerable<ReadOnlySharedArray<long>> arrays)
    {
        var views = new List<(nint, byte[])>();
        if (OperatingSystem.IsWindows())
        {
            foreach (var array in arrays)
            {
                Kernel32.MemoryBasicInformation info;
                if (Kernel32.VirtualQuery((nint)array.DangerousGetPointer(), &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) != 0)
                {
                    views.Add((info.AllocationBase, new ReadOnlySpan<byte>((void*)info.AllocationBase, Signature).ToArray()));
                }
            }
        }
        return views;
    }

    /// <summary>The mappings of the segments <paramref name="names"/> left in this process; <paramref name="views"/> from <see cref="ViewsOf"/>.</summary>
    public static int Count(IEnumerable<string> names, List<(nint Base, byte[] Start)> views)
    {
        if (!OperatingSystem.IsWindows())
        {
            var paths = names.Select(name => "/dev/shm/" + name).ToHashSet();
            return File.ReadLines("/proc/self/maps").Count(line => paths.Any(line.EndsWith));
        }
        var count = 0;
        foreach (var (view, start) in views)
        {
            Kernel32.MemoryBasicInformation info;
            if (Kernel32.VirtualQuery(view, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) != 0
                && info.Type == Kernel32.MemMapped && info.AllocationBase == view && info.State == Kernel32.MemCommit
                && (info.Protect & Kernel32.PageNoAccessOrGuard) == 0 && info.RegionSize >= Signature
                && new ReadOnlySpan<byte>((void*)view, Signature).SequenceEqual(start))
            {
                count++;
            }
        }
        return count;
    }
}
