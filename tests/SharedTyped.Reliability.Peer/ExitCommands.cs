using System.Runtime.CompilerServices;

namespace SharedTyped.Reliability.Peer;

/// <summary>
/// A producer that ends without disposing its <see cref="SegmentLifetime.DeleteOnDispose"/> array, or whose array is
/// collected or disposed while another user keeps the shared-memory directory locked.
/// </summary>
internal static class ExitCommands
{
    /// <summary>
    /// <paramref name="how"/>: <c>wait</c> holds the array until a signal ends the process; <c>return</c> returns from
    /// Main without disposing it; <c>collect</c> lets it be collected and finalized, then waits for "exit";
    /// <c>dispose</c> disposes it, then waits for "exit". Every outcome is printed; a crash is a non-zero exit.
    /// </summary>
    public static int Run(string name, string how)
    {
        var options = new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose };
        switch (how)
        {
            case "wait":
            {
                var array = SharedArray.Create<long>(name, [16], fill: 3L, options);
                Barrier.Say($"ready {Environment.ProcessId}");
                // Until a signal ends the process: the array is never disposed.
                while (Console.In.ReadLine() is not null)
                {
                }
                GC.KeepAlive(array);
                return 0;
            }
            case "return":
            {
                var array = SharedArray.Create<long>(name, [16], fill: 3L, options);
                Barrier.Say("ready");
                GC.KeepAlive(array);
                return 0;
            }
            case "collect":
            {
                CreateAndDrop(name, options);
                for (var i = 0; i < 3; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                Barrier.Say("collected");
                return WaitForExit();
            }
            case "dispose":
            {
                try
                {
                    using (SharedArray.Create<long>(name, [16], fill: 3L, options))
                    {
                    }
                    Barrier.Say("disposed");
                }
                catch (Exception e)
                {
                    Barrier.Say($"threw {e.GetType().Name}: {e.Message}");
                }
                return WaitForExit();
            }
            default:
                return 2;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndDrop(string name, CreateOptions options) =>
        _ = SharedArray.Create<long>(name, [16], fill: 3L, options);

    private static int WaitForExit()
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line == "exit")
            {
                return 0;
            }
        }
        return 0;
    }
}
