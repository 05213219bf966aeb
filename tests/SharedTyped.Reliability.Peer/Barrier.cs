namespace SharedTyped.Reliability.Peer;

/// <summary>Start barriers between processes: a file that appears.</summary>
internal static class Barrier
{
    /// <summary>Spins (yielding) until <paramref name="path"/> exists, so that many peers leave the barrier within microseconds of each other.</summary>
    public static void WaitFor(string path)
    {
        // Generous: the test opens the barrier once every peer is ready, and under Wine on a loaded machine
        // eight peers take a while to start; the test's own bound fails a hang.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"barrier file '{path}' never appeared");
            }
            Thread.Yield();
        }
    }

    public static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
