namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Every way a segment comes to be (Create, Load, LoadReadOnly, NpyFile.Load) goes through the one
/// create transaction and the one holder state, so every lifetime behaves the same through each: a
/// second array of this process on the segment is disposed first, then the first one.
/// </summary>
public sealed class LifetimeEntryPointTests
{
    public static TheoryData<string, SegmentLifetime> Cases()
    {
        var data = new TheoryData<string, SegmentLifetime>();
        foreach (var entry in new[] { "create", "load", "load-readonly", "npy" })
        {
            foreach (var lifetime in Enum.GetValues<SegmentLifetime>())
            {
                data.Add(entry, lifetime);
            }
        }
        return data;
    }

    [LinuxTheory("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    [MemberData(nameof(Cases))]
    public void The_second_array_going_first_leaves_the_name_and_the_first_going_last_ends_it_as_its_lifetime_says(string entry, SegmentLifetime lifetime)
    {
        var name = Segments.NewName($"lifetime-{entry}");
        using var cleanup = new Cleanup(name);
        var file = UniqueNames.NewTempPath("lifetime-file");
        try
        {
            var first = Make(entry, name, file, lifetime);
            Assert.True(File.Exists(Segments.PathOf(name)));
            // A LastProcessOut second array makes this process a holder twice over; the others only map.
            var second = SharedArray.Attach<long>(name, [1024], new AttachOptions
            {
                Lifetime = lifetime == SegmentLifetime.LastProcessOut ? SegmentLifetime.LastProcessOut : SegmentLifetime.Persistent,
            });
            second.Dispose();
            Assert.True(File.Exists(Segments.PathOf(name)), $"{entry} with {lifetime}: disposing a second array removed the name while the first is open");

            if (lifetime == SegmentLifetime.LastProcessOut)
            {
                // A peer holder that comes and goes while the first array holds leaves the name too.
                using var peer = PeerProcess.Start("hold", name, "attach");
                peer.Expect("ready");
                peer.Send("sum");
                Assert.Equal("sum 7168", peer.ReadLine());
                peer.Send("exit");
                Assert.Equal(0, peer.WaitForExit());
                Assert.True(File.Exists(Segments.PathOf(name)), $"{entry}: a peer holder leaving removed the name while the first array holds it");
            }
            first.Dispose();
            Assert.True(File.Exists(Segments.PathOf(name)) == (lifetime == SegmentLifetime.Persistent),
                $"{entry} with {lifetime}: after the last array the name {(File.Exists(Segments.PathOf(name)) ? "stayed" : "went")}");
            if (lifetime == SegmentLifetime.LastProcessOut)
            {
                Watchers.WaitUntilNoneFor(Segments.PathOf(name));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The first array, of 1024 sevens (what the hold peer sums), made through <paramref name="entry"/>.</summary>
    private static IDisposable Make(string entry, string name, string file, SegmentLifetime lifetime)
    {
        if (entry == "create")
        {
            return SharedArray.Create<long>(name, [1024], fill: 7L, new CreateOptions { Lifetime = lifetime });
        }
        var source = Segments.NewName("lifetime-source");
        using (var array = SharedArray.Create<long>(source, [1024], fill: 7L, new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose }))
        {
            if (entry == "npy")
            {
                array.SaveNpy(file);
            }
            else
            {
                array.Save(file);
            }
        }
        var options = new LoadOptions { Lifetime = lifetime };
        return entry switch
        {
            "load" => SharedArray.Load<long>(file, name, options).Array,
            "load-readonly" => SharedArray.LoadReadOnly<long>(file, name, options).Array,
            _ => NpyFile.Load<long>(file, name, options).Array,
        };
    }
}
