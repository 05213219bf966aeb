using SharedTyped.TestSupport;

namespace SharedTyped.Peer;

/// <summary>
/// How many views of shared memory this process maps now, for the tests that check that disposed
/// arrays give their mappings back: on Linux the lines of /proc/self/maps naming the segments, on
/// Windows (no such file) how many of the views the arrays were mapped at are still mapped, by the rule
/// the tests use too (tests/Shared/WindowsView.cs).
/// </summary>
internal static unsafe class MappedViews
{
    /// <summary>
    /// Each array's view with its header (the bytes up to its data), taken while they are attached (Windows;
    /// empty elsewhere).
    /// </summary>
    public static List<WindowsView> ViewsOf(IEnumerable<ReadOnlySharedArray<long>> arrays)
    {
        var views = new List<WindowsView>();
        if (OperatingSystem.IsWindows())
        {
            foreach (var array in arrays)
            {
                views.Add(WindowsView.Of(array.DangerousGetPointer()));
            }
        }
        return views;
    }

    /// <summary>The mappings of the segments <paramref name="names"/> left in this process; <paramref name="views"/> from <see cref="ViewsOf"/>.</summary>
    public static int Count(IEnumerable<string> names, List<WindowsView> views)
    {
        if (!OperatingSystem.IsWindows())
        {
            var paths = names.Select(name => "/dev/shm/" + name).ToHashSet();
            return File.ReadLines("/proc/self/maps").Count(line => paths.Any(line.EndsWith));
        }
        var count = 0;
        foreach (var view in views)
        {
            count += view.IsMapped ? 1 : 0;
        }
        return count;
    }
}
