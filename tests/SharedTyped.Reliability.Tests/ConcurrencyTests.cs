namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Many threads": threads create, attach, delete and dispose arrays on a
/// few shared names for a bounded number of steps; afterwards no descriptor and no mapping of the
/// segments is left (counted in /proc/self), and nothing crashed.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int Steps = 5_000;
    private const int Names = 6;
    private const int Elements = 64;

    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Threads_creating_attaching_and_disposing_leak_no_descriptors_or_mappings()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("threads");
        var names = Enumerable.Range(0, Names).Select(i => $"n{i}").ToArray();
        var descriptorsBefore = ProcSelf.Descriptors();
        var errors = new List<string>();
        var operations = new long[Threads];

        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                Work(t, directory, names, ref operations[t]);
            }
            catch (Exception e)
            {
                lock (errors)
                {
                    errors.Add(e.ToString());
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Empty(errors);
        foreach (var name in names)
        {
            SharedArray.Delete(name, new DeleteOptions { Directory = directory });
        }
        // Every array was disposed, so nothing may be left even before a collection: the count in the
        // shared mapping, not a finalizer, must have closed them.
        Assert.Equal(0, ProcSelf.DescriptorsUnder(directory));
        Assert.Equal(0, ProcSelf.MappingsOf(directory));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(0, ProcSelf.DescriptorsUnder(directory));
        Assert.Equal(0, ProcSelf.MappingsOf(directory));
        // Other descriptors of the process (the runtime's own) may come and go a little, not by thousands.
        Assert.InRange(ProcSelf.Descriptors() - descriptorsBefore, -16, 16);
        Assert.Empty(Segments.Entries(directory));
        Console.WriteLine($"concurrency: {operations.Sum()} operations on {Threads} threads");
    }

    private static void Work(int seed, string directory, string[] names, ref long operations)
    {
        var random = new Random(seed);
        var create = new CreateOptions { Directory = directory };
        var unlinkOnDispose = new CreateOptions { Directory = directory, Lifetime = SegmentLifetime.DeleteOnDispose };
        var attach = new AttachOptions { Directory = directory };
        var holder = new AttachOptions { Directory = directory, Lifetime = SegmentLifetime.LastProcessOut };
        var held = new List<IDisposable>();
        for (var step = 0; step < Steps; step++)
        {
            var name = names[random.Next(names.Length)];
            try
            {
                switch (random.Next(7))
                {
                    case 0:
                        var array = SharedArray.CreateOrAttach<long>(name, [Elements], out _, create);
                        array[random.Next(Elements)] = step;
                        held.Add(array);
                        break;
                    case 1:
                        if (SharedArray.TryAttach<long>(name, [Elements], out var attached, random.Next(2) == 0 ? attach : holder))
                        {
                            _ = attached.AsSpan()[Elements - 1];
                            held.Add(attached);
                        }
                        break;
                    case 2:
                        if (SharedArray.TryAttachReadOnly<long>(name, out var view, attach))
                        {
                            _ = view[0];
                            held.Add(view);
                        }
                        break;
                    case 3:
                        if (SharedArray.TryCreate<long>(name, [Elements], 1L, out var fresh, unlinkOnDispose))
                        {
                            held.Add(fresh);
                            held.Add(fresh.AsReadOnly());
                        }
                        break;
                    case 4:
                        SharedArray.Delete(name, new DeleteOptions { Directory = directory });
                        break;
                    default:
                        if (held.Count > 0)
                        {
                            var i = random.Next(held.Count);
                            held[i].Dispose();
                            held.RemoveAt(i);
                        }
                        break;
                }
                operations++;
            }
            catch (SharedArrayNotFoundException)
            {
                // Deleted by another thread between look and attach: an expected outcome of the race.
            }
            if (held.Count > 6)
            {
                held[0].Dispose();
                held.RemoveAt(0);
            }
        }
        held.ForEach(h => h.Dispose());
    }
}
