namespace SharedTyped.Reliability.Peer;

/// <summary>Reads and loads a hostile <c>.npy</c> file in a process of its own, so that a stack overflow ends this peer, not the test run.</summary>
internal static class NpyCommands
{
    public static int ReadAndLoad(string file, string name)
    {
        Try("header", () => NpyFile.ReadHeader(file).ToString());
        Try("load", () =>
        {
            using var array = NpyFile.Load<double>(file, name).Array;
            return $"loaded {array.Length}";
        });
        return 0;
    }

    private static void Try(string what, Func<string?> action)
    {
        try
        {
            Barrier.Say($"{what} {action()}");
        }
        catch (Exception e)
        {
            Barrier.Say($"{what} {e.GetType().Name}: {e.Message}");
        }
    }
}
