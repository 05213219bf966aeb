namespace SharedTyped.Reliability.Peer;

/// <summary>
/// The victim of an in-place rewrite: maps a segment, then, each time the test has grown the file and
/// rewritten its header, attaches to the name again and reads every element. A process that paired
/// the new header with its old mapping would crash here (AccessViolation), which the test sees.
/// </summary>
internal static class RewriteCommands
{
    public static int Reattach(string name)
    {
        var held = new List<IDisposable>();
        var first = SharedArray.Attach<int>(name);
        held.Add(first);
        Barrier.Say($"mapped {first.Length}");
        while (Console.In.ReadLine() is { } command)
        {
            try
            {
                switch (command.Split(' '))
                {
                    case ["long"]:
                    {
                        var array = SharedArray.Attach<long>(name);
                        held.Add(array);
                        Barrier.Say($"long {array.Length} sum {Sum(array.AsSpan())} last {array[array.Length - 1]}");
                        break;
                    }
                    case ["long-shape", var extent]:
                    {
                        var array = SharedArray.Attach<long>(name, [long.Parse(extent)]);
                        held.Add(array);
                        Barrier.Say($"long {array.Length} sum {Sum(array.AsSpan())} last {array[array.Length - 1]}");
                        break;
                    }
                    case ["readonly-long"]:
                    {
                        var array = SharedArray.AttachReadOnly<long>(name);
                        held.Add(array);
                        Barrier.Say($"long {array.Length} sum {Sum(array.AsSpan())} last {array[array.Length - 1]}");
                        break;
                    }
                    case ["exit"]:
                        held.ForEach(h => h.Dispose());
                        return 0;
                }
            }
            catch (Exception e)
            {
                Barrier.Say($"error {e.GetType().Name}: {e.Message}");
            }
        }
        return 0;
    }

    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
