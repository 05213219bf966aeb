namespace SharedTyped.Peer;

/// <summary>
/// How many views of shared memory this process maps now, for the tests that check that disposed
/// arrays give their mappings back: on Linux the lines of /proc/self/maps naming the segments, on
/// Windows (no such file) how many of the views the arrays were mapped at are still mapped, asked with the
/// runtime's own Win32 declarations (src/Runtime/Platform/Windows/Kernel32.cs).
/// </summary>
internal static unsafe class MappedViews
{
    /// <summary>Where each array's view starts (Windows; empty elsewhere), taken while they are attached.</summary>
    public static List<nint> ViewsOf(IEnumerable<ReadOnlySharedArray<long>> arrays)
    {
        var views = new List<nint>();
        if (OperatingSystem.IsWindows())
        {
            foreach (var array in arrays)
            {
                Kernel32.MemoryBasicInformation info;
                if (Kernel32.VirtualQuery((nint)array.DangerousGetPointer(), &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) != 0)
                {
                    views.Add(info.AllocationBase);
                }
            }
        }
        return views;
    }

    /// <summary>The mappings of the segments <paramref name="names"/> left in this process; <paramref name="views"/> from <see cref="ViewsOf"/>.</summary>
    public static int Count(IEnumerable<string> names, List<nint> views)
    {
        if (!OperatingSystem.IsWindows())
        {
            var paths = names.Select(name => "/dev/shm/" + name).ToHashSet();
            return File.ReadLines("/proc/self/maps").Count(line => paths.Any(line.EndsWith));
        }
        var count = 0;
        foreach (var view in views)
        {
            Kernel32.MemoryBasicInformation info;
            if (Kernel32.VirtualQuery(view, &info, (nuint)sizeof(Kernel32.MemoryBasicInformation)) != 0 && info.Type == Kernel32.MemMapped && info.AllocationBase == view)
            {
                count++;
            }
        }
        return count;
    }
}
