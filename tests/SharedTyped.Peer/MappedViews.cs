using System.Runtime.InteropServices;

namespace SharedTyped.Peer;

/// <summary>
/// How many views of shared memory this process maps now, for the tests that check that disposed
/// arrays give their mappings back: on Linux the lines of /proc/self/maps naming the segments, on
/// Windows (no such file) how many of the views the arrays were mapped at are still mapped.
/// </summary>
internal static unsafe partial class MappedViews
{
    private const uint MemMapped = 0x40000;

    /// <summary>Where each array's view starts (Windows; empty elsewhere), taken while they are attached.</summary>
    public static List<nint> ViewsOf(IEnumerable<ReadOnlySharedArray<long>> arrays)
    {
        var views = new List<nint>();
        if (OperatingSystem.IsWindows())
        {
            foreach (var array in arrays)
            {
                MemoryBasicInformation info;
                if (VirtualQuery((nint)array.DangerousGetPointer(), &info, (nuint)sizeof(MemoryBasicInformation)) != 0)
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
            MemoryBasicInformation info;
            if (VirtualQuery(view, &info, (nuint)sizeof(MemoryBasicInformation)) != 0 && info.Type == MemMapped && info.AllocationBase == view)
            {
                count++;
            }
        }
        return count;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MemoryBasicInformation
    {
        public nint BaseAddress;
        public nint AllocationBase;
        public uint AllocationProtect;
        public nuint RegionSize;
        public uint State;
        public uint Protect;
        public uint Type;
    }

    [LibraryImport("kernel32.dll", EntryPoint = "VirtualQuery")]
    private static partial nuint VirtualQuery(nint address, MemoryBasicInformation* info, nuint length);
}
