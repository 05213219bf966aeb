using Xunit;

namespace SharedTyped.TestSupport;

/// <summary>
/// Waits for something another process or thread does asynchronously (a watcher removing a name, a server
/// refusing calls). The bound only stops a broken mechanism from hanging the run; how long it took is never
/// asserted: a test asserts on the values it then sees.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a wait lasts at most: generous, for a loaded machine.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="failure"/> if it never does.</summary>
    public static void True(Func<bool> condition, string failure)
    {
        if (!Until(condition))
        {
            Assert.Fail($"{failure} (still not so after {Bound.TotalSeconds} s)");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the bound passes; whether it held.</summary>
    public static bool Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>The <see cref="Until"/> of a test that must not block its thread (a server's calls complete on the pool).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
