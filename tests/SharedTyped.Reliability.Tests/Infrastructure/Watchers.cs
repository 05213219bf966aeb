namespace SharedTyped.Reliability.Tests;

/// <summary>Finds the LastProcessOut watcher processes (<c>sh -c … sharedtyped-watcher PATH …</c>) and their children.</summary>
internal static class Watchers
{
    /// <summary>
    /// Live (not zombie) watcher shells whose arguments mention <paramref name="fragment"/>. A shell forks before
    /// it execs each command it runs (its <c>flock</c>, a <c>$(stat …)</c>), and until that exec the child has the
    /// shell's own command line: such a child is the watcher's, not a watcher of its own, so a process whose parent
    /// has the watcher's command line is left out. Two watchers started for one name both have the creator as
    /// parent, so both are counted.
    /// </summary>
    public static IReadOnlyList<int> Of(string fragment)
    {
        var all = AllProcessesOf(fragment);
        return all.Where(p => !all.Contains(SharedTyped.ProcLocks.ParentOf(p))).ToList();
    }

    /// <summary>Every live process with a watcher's command line that mentions <paramref name="fragment"/>: the shells and their children not yet exec'd.</summary>
    private static HashSet<int> AllProcessesOf(string fragment)
    {
        var found = new HashSet<int>();
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
        Eventually.True(() => AllProcessesOf(fragment).Count == 0, $"a LastProcessOut watcher for '{fragment}' outlived its segment");

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
