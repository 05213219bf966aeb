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

    /// <summary>The direct children of <paramref name="pid"/> (the watcher's flock).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/task/{pid}/children")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

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
