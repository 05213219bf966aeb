namespace SharedTyped.Reliability.Peer;

/// <summary>
/// Eight of these race for one name after a common start barrier, and hold what they got until the
/// test writes a line: on Windows a segment goes with its last handle, so the winner must still hold it
/// while the others race and while the test looks.
/// </summary>
internal static class RaceCommands
{
    public static int Create(string name, string barrier)
    {
        Barrier.Say("ready");
        Barrier.WaitFor(barrier);
        try
        {
            using var array = SharedArray.Create<long>(name, [8], fill: Environment.ProcessId);
            Barrier.Say($"created {Environment.ProcessId}");
            Console.In.ReadLine();
        }
        catch (SharedArrayExistsException e)
        {
            Barrier.Say($"exists {e.Message}");
            Console.In.ReadLine();
        }
        return 0;
    }

    /// <summary>Writes its slot, so the test can see that every racer wrote into the one segment.</summary>
    public static int CreateOrAttach(string name, string barrier, int slot, int slots)
    {
        Barrier.Say("ready");
        Barrier.WaitFor(barrier);
        using var array = SharedArray.CreateOrAttach<long>(name, [slots], out var created);
        array[slot] = slot + 1;
        Barrier.Say($"created={created}");
        Console.In.ReadLine();
        return 0;
    }
}
