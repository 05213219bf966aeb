using System.Diagnostics;
using Matrix;
using SharedTyped;

// One program, two roles: started plainly it is the producer, which creates the shared matrix
// declared in Prices.cs, fills it and starts itself again as the consumer; the consumer attaches by
// name, checks and writes a column, and the producer then sees those writes in its own mapping.
if (args is ["consumer"])
{
    return Consumer();
}
return Producer();

static int Producer()
{
    // Force: a producer killed in an earlier run may have left the segment behind.
    using var prices = Prices.Create(new CreateOptions { Force = true });
    try
    {
        for (var i = 0; i < Prices.Dim0; i++)
        {
            prices[i, 0] = 100 + i * 0.01;
            prices[i, 1] = i % 7 + 1;
        }
        Console.WriteLine($"producer {Environment.ProcessId}: created '{Prices.SegmentName}' ({Prices.Dim0}x{Prices.Dim1} double), filled price and size");

        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(Prices).Assembly.Location, "consumer"])
            : new ProcessStartInfo(self, ["consumer"]);
        using var consumer = Process.Start(start)!;
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
        Console.WriteLine($"producer {Environment.ProcessId}: sees the consumer's notionals, e.g. row 999 = {prices[999, 2]:F2}");
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
    for (var i = 0; i < Prices.Dim0; i++)
    {
        var row = prices.Row(i);
        if (row[0] != 100 + i * 0.01 || row[1] != i % 7 + 1)
        {
            Console.Error.WriteLine($"consumer: row {i} holds ({row[0]}, {row[1]})");
            return 1;
        }
        row[2] = row[0] * row[1];
    }
    Console.WriteLine($"consumer {Environment.ProcessId}: attached to '{Prices.SegmentName}', checked {Prices.Dim0} rows, wrote the notional column");
    return 0;
}
