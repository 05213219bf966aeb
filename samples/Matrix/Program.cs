using System.Diagnostics;
using Matrix;
using SharedTyped;

// One program, two roles: started plainly it is the producer, which creates the shared matrix
// declared in Prices.cs and at once starts itself again as the consumer. The consumer attaches by
// name and waits for the producer's publish (a futex wait, no polling), takes a consistent copy,
// checks it and writes a column in its own write scope; the producer waits for that publish in turn
// and then sees the consumer's writes in its own mapping.
if (args is ["consumer"])
{
    return Consumer();
}
return Producer();

static int Producer()
{
    var timeout = TimeSpan.FromSeconds(60);
    // Force: a producer killed in an earlier run may have left the segment behind.
    using var prices = Prices.Create(new CreateOptions { Force = true });
    try
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(Prices).Assembly.Location, "consumer"])
            : new ProcessStartInfo(self, ["consumer"]);
        using var consumer = Process.Start(start)!;
        Console.WriteLine($"producer {Environment.ProcessId}: created '{Prices.SegmentName}' ({Prices.Dim0}x{Prices.Dim1} double) at version {prices.Version}, started the consumer");

        using (prices.BeginWrite())
        {
            for (var i = 0; i < Prices.Dim0; i++)
            {
                prices[i, 0] = 100 + i * 0.01;
                prices[i, 1] = i % 7 + 1;
            }
        }
        Console.WriteLine($"producer {Environment.ProcessId}: filled price and size, published version {prices.Version}");

        if (!prices.WaitForChange(1, timeout, out var version))
        {
            Console.Error.WriteLine($"producer: the consumer published nothing within {timeout}");
            return 1;
        }
        consumer.WaitForExit();
        if (consumer.ExitCode != 0)
        {
            Console.Error.WriteLine($"producer: the consumer failed with exit code {consumer.ExitCode}");
            return 1;
        }
        for (var i = 0; i < Prices.Dim0; i++)
        {
            if (prices[i, 2] != prices[i, 0] * prices[i, 1])
            {
                Console.Error.WriteLine($"producer: row {i} notional is {prices[i, 2]}, expected {prices[i, 0] * prices[i, 1]}");
                return 1;
            }
        }
        Console.WriteLine($"producer {Environment.ProcessId}: woken at version {version}, sees the consumer's notionals, e.g. row 999 = {prices[999, 2]:F2}");
        return 0;
    }
    finally
    {
        Prices.Delete();
    }
}

static int Consumer()
{
    using var prices = Prices.Attach();
    // Version 0 is the empty matrix of Create: wait until the producer has published its data.
    if (!prices.WaitForChange(0, TimeSpan.FromSeconds(60), out var version))
    {
        Console.Error.WriteLine("consumer: the producer published nothing");
        return 1;
    }
    var copy = new double[Prices.Length];
    version = prices.ReadConsistent(copy);
    for (var i = 0; i < Prices.Dim0; i++)
    {
        if (copy[i * 3] != 100 + i * 0.01 || copy[i * 3 + 1] != i % 7 + 1)
        {
            Console.Error.WriteLine($"consumer: row {i} of version {version} holds ({copy[i * 3]}, {copy[i * 3 + 1]})");
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
    Console.WriteLine($"consumer {Environment.ProcessId}: woken by version {version}, checked {Prices.Dim0} rows, wrote the notional column as version {prices.Version}");
    return 0;
}
