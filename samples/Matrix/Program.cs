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
// the old one under the name (Force), the consumer's wait on the old one ends with
// SharedArrayReplacedException, and it attaches the new one. That is the loop a long-running consumer keeps.
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
            using var prices = CreateReplacing(timeout);
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
        // The name goes: the consumer's wait on the last matrix ends, and it has served every round.
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

// Windows frees a name only when every process has let go of it, so Force cannot replace a matrix the
// consumer still maps: there the producer removes the old one (which ends the consumer's wait on it at
// once, as a replacement does) and creates the new one as soon as the consumer has let go of the old
// (docs/guarantees.md, "Windows"). Elsewhere the first Create replaces it.
static Prices CreateReplacing(TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            return Prices.Create(new CreateOptions { Force = true });
        }
        catch (SharedArrayExistsException) when (OperatingSystem.IsWindows() && clock.Elapsed < timeout)
        {
            Prices.Delete();
            Thread.Sleep(10);
        }
    }
}

static int Consumer()
{
    var copy = new double[Prices.Length];
    // A real consumer loops for ever; this one stops after the producer's rounds.
    for (var round = 1; round <= Rounds; round++)
    {
        using var prices = Prices.AttachWhenCreated(TimeSpan.FromSeconds(60));
        try
        {
            for (long seen = 0; ; seen = prices.Version)
            {
                // Ends with SharedArrayReplacedException, within a second, once the producer removes or
                // replaces the matrix under its name: nobody will publish to this one again.
                if (!prices.WaitForChange(seen, TimeSpan.FromSeconds(60), out _))
                {
                    Console.Error.WriteLine("consumer: the producer published nothing for a minute");
                    return 1;
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
                Console.WriteLine($"consumer {Environment.ProcessId}: round {round}: woken by version {version}, checked {Prices.Dim0} rows, wrote the notional column as version {prices.Version}");
            }
        }
        catch (SharedArrayReplacedException e)
        {
            Console.WriteLine($"consumer {Environment.ProcessId}: round {round}: the matrix was replaced or removed at version {e.Version}{(round < Rounds ? "; attaching again" : "")}");
        }
    }
    return 0;
}
