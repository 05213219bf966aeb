namespace SharedTyped.Reliability.Tests;

/// <summary>Finds the LastProcessOut watcher processes (<c>sh -c … sharedtyped-watcher PATH …</c>) and their children.</summary>
internal static class Watchers
{
    /// <summary>Live (not zombie) watcher shells whose arguments mention <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> Of(string fragment)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.Contains(SharedTyped.LastProcessOutWatcher.ProcessTitle)
                    && arguments.Any(a => a.Contains(fragment, StringComparison.Ordinal))
                    && !IsZombie(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }

    /// <summary>The direct children of <paramref name="pid"/> (the watcher's flock), whichever of its threads started them.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    children.AddRange(File.ReadAllText(Path.Combine(task, "children"))
                        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                        .Select(int.Parse));
                }
                catch (IOException)
                {
                    // The thread ended while we looked.
                }
            }
        }
        catch (IOException)
        {
        }
        return children;
    }

    /// <summary>Children of <paramref name="pid"/> that exited and were never reaped.</summary>
    public static IReadOnlyList<int> ZombieChildrenOf(int pid) => ChildrenOf(pid).Where(IsZombie).ToList();

    public static void WaitUntilNoneFor(string fragment) =>
        Eventually.True(() => Of(fragment).Count == 0, $"a LastProcessOut watcher for '{fragment}' outlived its segment");

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
        }
        catch (IOException)
        {
            return true;
        }
    }
}
