namespace SharedTyped.Reliability.Peer;

/// <summary>Holds a <see cref="SegmentLifetime.LastProcessOut"/> segment until told to let go or killed.</summary>
internal static class HoldCommands
{
    public const int Elements = 1024;
    public const long Fill = 7;

    public static int Hold(string name, string how)
    {
        var options = new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut };
        using var array = how == "create"
            ? SharedArray.Create<long>(name, [Elements], fill: Fill, options)
            : SharedArray.Attach<long>(name, [Elements], new AttachOptions { Lifetime = SegmentLifetime.LastProcessOut });
        Barrier.Say($"ready {Environment.ProcessId}");
        while (Console.In.ReadLine() is { } command)
        {
            switch (command)
            {
                case "sum":
                    long sum = 0;
                    foreach (var v in array.AsSpan())
                    {
                        sum += v;
                    }
                    Barrier.Say($"sum {sum}");
                    break;
                case "exit":
                    return 0;
            }
        }
        return 0;
    }
}
