namespace SharedTyped.Reliability.Peer;

/// <summary>Creates many LastProcessOut segments at once and holds them until killed, so that one SIGKILL wakes many watchers together.</summary>
internal static class HoldManyCommands
{
    public static int HoldMany(string stem, int count)
    {
        var options = new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut };
        var arrays = new List<SharedArray<long>>();
        for (var i = 0; i < count; i++)
        {
            arrays.Add(SharedArray.Create<long>($"{stem}-{i}", [8], fill: 1L, options));
        }
        Barrier.Say($"ready {Environment.ProcessId}");
        while (Console.In.ReadLine() is { } command)
        {
            if (command == "exit")
            {
                break;
            }
        }
        arrays.ForEach(a => a.Dispose());
        return 0;
    }

    /// <summary>Creates the name with Force, says whether it is current once told to look, and exits.</summary>
    public static int ForceCreate(string name, string barrier)
    {
        Barrier.WaitFor(barrier);
        SharedArray<long> created;
        try
        {
            created = SharedArray.Create<long>(name, [8], fill: Environment.ProcessId, new CreateOptions { Force = true });
        }
        catch (SharedArrayExistsException e) when (OperatingSystem.IsWindows())
        {
            // Windows cannot free a name another process holds, so Force refuses it, saying so.
            Barrier.Say($"exists {e.Message}");
            Console.In.ReadLine();
            return 0;
        }
        using var array = created;
        Barrier.Say("created");
        while (Console.In.ReadLine() is { } command)
        {
            if (command == "look")
            {
                Barrier.Say($"current {array.IsCurrent} {array[0]}");
            }
            else if (command == "exit")
            {
                break;
            }
        }
        return 0;
    }
}

/// <summary>Counts this process's pipe descriptors around LastProcessOut creates, with no garbage collection in between.</summary>
internal static class DescriptorCommands
{
    public static int LastProcessOutPipes(string stem, int count)
    {
        // The first child process sets up .NET's own child-process machinery (a signal pipe) once.
        using (SharedArray.Create<long>($"{stem}-0", [8], new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut }))
        {
        }
        var before = Pipes();
        for (var i = 0; i < count; i++)
        {
            using var array = SharedArray.Create<long>($"{stem}-{i}", [8], new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut });
        }
        Barrier.Say($"pipes {before} {Pipes()} collections {GC.CollectionCount(0)}");
        return 0;
    }

    private static int Pipes() =>
        Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("pipe:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
