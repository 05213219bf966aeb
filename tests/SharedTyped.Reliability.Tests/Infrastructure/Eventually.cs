namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Waits for something another process does asynchronously (a watcher removing a name). The bound
/// only stops a broken mechanism from hanging the run; how long it took is never asserted.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static void True(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{failure} (still not so after {Bound.TotalSeconds} s)");
            }
            Thread.Sleep(10);
        }
    }
}
