using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// A segment removed or replaced under its name by a SharedTyped process is marked retired in its
/// sync block (docs/format.md, "Retiring"), and its waiters, in any process and language, wake and
/// end with <see cref="SharedArrayReplacedException"/> (Python: ReplacedError) instead of sleeping on.
/// </summary>
public sealed class SyncRetireTests : SyncTest
{
    [LinuxTheory("the producer is restarted with Force, which cannot replace a held name on Windows (docs/guarantees.md, \"Windows\")")]
    [InlineData("dotnet")]
    [InlineData("python")]
    public void A_consumer_waiting_when_its_producer_is_killed_and_restarted_with_force_ends_with_the_replaced_exception(string language)
    {
        var name = NewName(language);
        using (var first = SharedArray.Create<long>(name, [64], Stamp(0)))
        {
            first.Publish();
        }
        // The producer of the first segment: killed while it writes.
        using var killed = Child.DotNet("die-in-write", name);
        Assert.Equal("1", killed.Expect("writing"));
        // Waits far longer than the test runs: only the retiring can end it.
        using var consumer = language == "dotnet" ? Child.DotNet("wait", name, "1", "600000") : Child.Python("wait", name, "1", "600");
        consumer.Expect("ready");
        killed.Kill();
        using var restarted = SharedArray.Create<long>(name, [64], Stamp(0), new CreateOptions { Force = true });
        var line = consumer.ReadLine();
        Assert.StartsWith("replaced 1 ", line);
        Assert.Contains(name, line);
        consumer.WaitForExit();
        Assert.Equal(1, restarted.Publish());
    }

    [SyncFact]
    public async Task Delete_wakes_a_wait_of_this_process_with_the_replaced_exception_naming_the_array()
    {
        var name = NewName();
        using var array = SharedArray.Create<long>(name, [8], Stamp(0));
        var wait = Task.Factory.StartNew(() => array.WaitForChange(0, Timeout.InfiniteTimeSpan, out _), TaskCreationOptions.LongRunning);
        var asyncWait = array.WaitForChangeAsync(0).AsTask();
        Thread.Sleep(100);
        SharedArray.Delete(name);
        var error = await Assert.ThrowsAsync<SharedArrayReplacedException>(() => wait.WaitAsync(ChildProcess.Timeout));
        Assert.Equal(name, error.ArrayName);
        Assert.Contains(name, error.Message);
        await Assert.ThrowsAsync<SharedArrayReplacedException>(() => asyncWait.WaitAsync(ChildProcess.Timeout));
        // A wait that starts on a retired segment ends at once.
        Assert.Throws<SharedArrayReplacedException>(() => array.WaitForChange(0, TimeSpan.FromSeconds(30), out _));
        Assert.Equal(0, array.Version);
    }
}
