using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// Disposing the process's last array of a segment while another thread is inside a coordination
/// member: the member wakes and ends with <see cref="ObjectDisposedException"/>, nothing touches the
/// unmapped memory, and no descriptor of the segment is left open (no garbage collection needed).
/// </summary>
public sealed class SyncDisposeTests : SyncTest
{
    private const int Rounds = 2_000;

    [LinuxTheory("the segment outlives its creator's handle (Windows frees it with its last one), and /proc/self/maps and /proc/self/fd show every mapping and descriptor given back")]
    [InlineData("WaitForChange")]
    [InlineData("BeginWrite")]
    [InlineData("ReadConsistent")]
    [InlineData("AcquireShared")]
    public async Task Disposing_the_last_array_ends_a_member_blocked_on_another_thread_with_ObjectDisposedException_and_closes_every_descriptor(string member)
    {
        var name = NewName(member);
        using (SharedArray.Create<long>(name, [64], Stamp(0)))
        {
        }
        // Keeps every member blocked: a write scope held open (the sequence odd, the write lock taken),
        // or the exclusive side of the reader/writer lock.
        using var peer = member == "AcquireShared" ? Child.DotNet("hold", name, "exclusive") : Child.DotNet("die-in-write", name);
        peer.Expect(member == "AcquireShared" ? "held" : "writing");
        var path = Segments.PathOf(name);
        var random = new Random(18);
        for (var round = 0; round < Rounds; round++)
        {
            var array = SharedArray.Attach<long>(name);
            var entered = new ManualResetEventSlim();
            var call = Task.Factory.StartNew(() =>
            {
                entered.Set();
                switch (member)
                {
                    case "WaitForChange":
                        array.WaitForChange(array.Version, Timeout.InfiniteTimeSpan, out _);
                        break;
                    case "BeginWrite":
                        array.BeginWrite().Dispose();
                        break;
                    case "ReadConsistent":
                        array.ReadConsistent(new long[64]);
                        break;
                    default:
                        array.AcquireShared(Timeout.InfiniteTimeSpan).Dispose();
                        break;
                }
            }, TaskCreationOptions.LongRunning);
            entered.Wait(ChildProcess.Timeout);
            // Sometimes before the member starts, sometimes while it runs, mostly while it sleeps.
            var pause = random.Next(4);
            if (pause > 0) Thread.Sleep(pause - 1);
            array.Dispose();
            var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => call.WaitAsync(ChildProcess.Timeout));
            Assert.Contains(name, error.Message);
            Assert.Empty(Maps.DescriptorsOf(path));
        }
        Assert.Empty(Maps.Of(path));
    }
}
