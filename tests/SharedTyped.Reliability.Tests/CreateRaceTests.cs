namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Racing creators": eight processes create one name at the same moment. Publishing is a
/// link(2) of a finished inode, which the kernel lets exactly one caller win (EEXIST for the rest).
/// </summary>
public sealed class CreateRaceTests
{
    private const int Racers = 8;

    [Fact]
    public void Eight_creators_exactly_one_wins_the_others_get_exists()
    {
        var name = Segments.NewName("race");
        using var cleanup = new Cleanup(name);
        Race(name, slot => ["create", name, BarrierPath(name)], lines =>
        {
            var winners = lines.Where(l => l.StartsWith("created ", StringComparison.Ordinal)).ToList();
            var losers = lines.Where(l => l.StartsWith("exists ", StringComparison.Ordinal)).ToList();
            Assert.Single(winners);
            Assert.Equal(Racers - 1, losers.Count);
            Assert.All(losers, l => Assert.Contains($"Shared array '{name}' already exists", l, StringComparison.Ordinal));
            // The segment under the name is the winner's: it filled it with its process id.
            using var array = SharedArray.AttachReadOnly<long>(name, [8]);
            Assert.Equal(long.Parse(winners[0]["created ".Length..]), array[7]);
        });
    }

    [Fact]
    public void Eight_CreateOrAttach_exactly_one_creates_all_share_the_data()
    {
        var name = Segments.NewName("race-coa");
        using var cleanup = new Cleanup(name);
        Race(name, slot => ["create-or-attach", name, BarrierPath(name), slot.ToString(), Racers.ToString()], lines =>
        {
            Assert.Single(lines, l => l == "created=True");
            Assert.Equal(Racers - 1, lines.Count(l => l == "created=False"));
            // Every racer wrote its own slot into the one segment.
            using var array = SharedArray.AttachReadOnly<long>(name, [Racers]);
            Assert.Equal(Enumerable.Range(1, Racers).Select(i => (long)i).ToArray(), array.AsSpan().ToArray());
        });
    }

    private static string BarrierPath(string name) => Path.Combine(Path.GetTempPath(), name + ".go");

    /// <summary>
    /// Starts the racers, waits until all are ready, opens the barrier, and hands what each said to
    /// <paramref name="whileHeld"/> while they still hold what they got; then lets them end.
    /// </summary>
    private static void Race(string name, Func<int, string[]> arguments, Action<List<string>> whileHeld)
    {
        var barrier = BarrierPath(name);
        var peers = new List<ChildProcess>();
        try
        {
            for (var slot = 0; slot < Racers; slot++)
            {
                peers.Add(PeerProcess.Start(arguments(slot)));
            }
            foreach (var peer in peers)
            {
                peer.Expect("ready");
            }
            File.WriteAllText(barrier, "go");
            var lines = peers.Select(p => p.ReadLine()).ToList();
            whileHeld(lines);
            foreach (var peer in peers)
            {
                peer.Send("end");
            }
            Assert.All(peers, p => Assert.Equal(0, p.WaitForExit()));
        }
        finally
        {
            foreach (var peer in peers)
            {
                peer.Dispose();
            }
            File.Delete(barrier);
        }
    }
}
