using System.Diagnostics;
using Matrix;
using SharedTyped;

// One program, two roles: started plainly it is the producer, which first starts itself again as the
// consumer and only then creates the shared matrix declared in Prices.cs; the consumer, started
// before the matrix exists, sleeps until it is created (AttachWhenCreated: inotify, no polling).
// Each round, the producer fills price and size and publishes; the consumer wakes (a futex wait, no
// polling), takes a consistent copy, checks it and writes the notional column in its own write
// scope; the producer waits for that publish in turn and checks the notionals in its own mapping.
// Then the producer restarts, as a producer killed and started again would: its new matrix replaces
// the old one under the name (Force), and the consumer, which sees its matrix is no longer current,
// attaches the new one. That is the loop a long-running consumer keeps.
const int Rounds = 2;
if (args is ["consumer"])
{
    return Consumer();
}
return Producer();

static int Producer()
{
    var timeout = TimeSpan.FromSeconds(60);
    try
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(Prices).Assembly.Location, "consumer"])
            : new ProcessStartInfo(self, ["consumer"]);
        using var consumer = Process.Start(start)!;
        Console.WriteLine($"producer {Environment.ProcessId}: started the consumer before creating '{Prices.SegmentName}'");
        for (var round = 1; round <= Rounds; round++)
        {
            // Force: the previous round's matrix (or one a producer killed in an earlier run left) is replaced.
            using var prices = Prices.Create(new CreateOptions { Force = true });
            using (prices.BeginWrite())
            {
                for (var i = 0; i < Prices.Dim0; i++)
                {
                    prices[i, 0] = 100 * round + i * 0.01;
                    prices[i, 1] = i % 7 + 1;
                }
            }
            Console.WriteLine($"producer {Environment.ProcessId}: round {round}: created the matrix, filled price and size, published version {prices.Version}");
            if (!prices.WaitForChange(1, timeout, out var version))
            {
                Console.Error.WriteLine($"producer: round {round}: the consumer published nothing within {timeout}");
                return 1;
            }
            for (var i = 0; i < Prices.Dim0; i++)
            {
                if (prices[i, 2] != prices[i, 0] * prices[i, 1])
                {
                    Console.Error.WriteLine($"producer: round {round}: row {i} notional is {prices[i, 2]}, expected {prices[i, 0] * prices[i, 1]}");
                    return 1;
                }
            }
            Console.WriteLine($"producer {Environment.ProcessId}: round {round}: woken at version {version}, sees the consumer's notionals, e.g. row 999 = {prices[999, 2]:F2}");
        }
        // The name goes: the consumer's matrix is no longer current, and it has served every round.
        Prices.Delete();
        if (!consumer.WaitForExit(timeout) || consumer.ExitCode != 0)
        {
            Console.Error.WriteLine($"producer: the consumer failed (exit code {(consumer.HasExited ? consumer.ExitCode : -1)})");
            return 1;
        }
        return 0;
    }
    finally
    {
        Prices.Delete();
    }
}

static int Consumer()
{
    var copy = new double[Prices.Length];
    // A real consumer loops for ever; this one stops after the producer's rounds.
    for (var round = 1; round <= Rounds; round++)
    {
        using var prices = Prices.AttachWhenCreated(TimeSpan.FromSeconds(60));
        long seen = 0;
        // False once the name is removed or names a new matrix. A wait on the old one ends after at
        // most a second to look (WaitForChange's timeout): nobody publishes there any more.
        while (prices.Array.IsCurrent)
        {
            if (!prices.WaitForChange(seen, TimeSpan.FromSeconds(1), out _))
            {
                continue;
            }
            var version = prices.ReadConsistent(copy);
            for (var i = 0; i < Prices.Dim0; i++)
            {
                if (copy[i * 3 + 1] != i % 7 + 1)
                {
                    Console.Error.WriteLine($"consumer: row {i} of version {version} has size {copy[i * 3 + 1]}");
                    return 1;
                }
            }
            using (prices.BeginWrite())
            {
                for (var i = 0; i < Prices.Dim0; i++)
                {
                    var row = prices.Row(i);
                    row[2] = row[0] * row[1];
                }
            }
            seen = prices.Version;
            Console.WriteLine($"consumer {Environment.ProcessId}: round {round}: woken by version {version}, checked {Prices.Dim0} rows, wrote the notional column as version {seen}");
        }
    }
    return 0;
}
