using System.Diagnostics;
using SharedTyped;

// One program, two roles: started plainly it is the producer, which creates a shared matrix, fills
// it and starts itself again as the consumer; the consumer attaches by name, checks and writes a
// column, and the producer then sees the consumer's writes in its own mapping.
const int Rows = 1000;
const int Columns = 3;

if (args is ["consumer", var sharedName])
{
    return Consumer(sharedName);
}
return Producer();

static int Producer()
{
    var name = $"sharedtyped-sample-{Environment.ProcessId}";
    using var matrix = SharedArray.Create<double>(name, [Rows, Columns], new CreateOptions { Force = true });
    try
    {
        for (var i = 0; i < Rows; i++)
        {
            matrix[i, 0] = i;
            matrix[i, 1] = i * 0.5;
        }
        Console.WriteLine($"producer {Environment.ProcessId}: created {matrix}, filled columns 0 and 1");

        var self = Environment.ProcessPath!;
        var start = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo(self, [typeof(Program).Assembly.Location, "consumer", name])
            : new ProcessStartInfo(self, ["consumer", name]);
        using var consumer = Process.Start(start)!;
        consumer.WaitForExit();
        if (consumer.ExitCode != 0)
        {
            Console.Error.WriteLine($"producer: consumer failed with exit code {consumer.ExitCode}");
            return 1;
        }

        for (var i = 0; i < Rows; i++)
        {
            if (matrix[i, 2] != matrix[i, 0] + matrix[i, 1])
            {
                Console.Error.WriteLine($"producer: row {i} column 2 is {matrix[i, 2]}, expected {matrix[i, 0] + matrix[i, 1]}");
                return 1;
            }
        }
        Console.WriteLine($"producer {Environment.ProcessId}: sees the consumer's column 2, e.g. row 999 = {matrix[999, 2]}");
        return 0;
    }
    finally
    {
        SharedArray.Delete(name);
    }
}

static int Consumer(string name)
{
    using var matrix = SharedArray.Attach<double>(name, [Rows, Columns]);
    for (var i = 0; i < Rows; i++)
    {
        if (matrix[i, 0] != i || matrix[i, 1] != i * 0.5)
        {
            Console.Error.WriteLine($"consumer: row {i} holds ({matrix[i, 0]}, {matrix[i, 1]})");
            return 1;
        }
        matrix[i, 2] = matrix[i, 0] + matrix[i, 1];
    }
    Console.WriteLine($"consumer {Environment.ProcessId}: attached to {matrix}, checked {Rows} rows, wrote column 2");
    return 0;
}
