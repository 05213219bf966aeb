using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// Dispose racing every coordination member, started at the same instant on another thread of a fresh
/// array (whose sync region is found on the member's first use, so its creation races the Dispose too),
/// with every member kept blocked by peers: each call ends with <see cref="ObjectDisposedException"/>,
/// never a hang, and no descriptor or mapping of the segment is left once it ended.
/// </summary>
public sealed class SyncDisposeRaceTests : SyncTest
{
    private const int Rounds = 1_500;

    /// <summary>How long one member may take to end after the Dispose: far more than a loaded machine needs; past it, it hangs.</summary>
    private static readonly TimeSpan EndWithin = TimeSpan.FromSeconds(30);

    [LinuxTheory("a Python peer holds the word lock; /proc/self/maps and /proc/self/fd show every mapping and descriptor given back")]
    [InlineData("WaitForChange")]
    [InlineData("WaitForChangeAsync")]
    [InlineData("BeginWrite")]
    [InlineData("ReadConsistent")]
    [InlineData("AcquireShared")]
    [InlineData("AcquireExclusive")]
    [InlineData("Publish")]
    public async Task Dispose_racing_a_member_as_it_starts_on_another_thread_always_ends_it_with_ObjectDisposedException(string member)
    {
        var name = NewName(member);
        using (SharedArray.Create<long>(name, [64], Stamp(0)))
        {
        }
        // Every member blocks for ever unless disposed: a write scope held open (the write lock taken, the
        // sequence odd), the exclusive reader/writer lock held, the word lock held by a live process.
        using var writer = Child.DotNet("die-in-write", name);
        writer.Expect("writing");
        using var locker = Child.DotNet("hold", name, "exclusive");
        locker.Expect("held");
        using var wordHolder = Child.Python("hold-word", name);
        wordHolder.Expect("ready");
        wordHolder.Expect("held");
        var path = Segments.PathOf(name);
        var random = new Random(18_7);
        for (var round = 0; round < Rounds; round++)
        {
            var array = SharedArray.Attach<long>(name);
            var ready = 0;
            var go = 0;
            Task? call = null;
            var thread = new Thread(() =>
            {
                Volatile.Write(ref ready, 1);
                while (Volatile.Read(ref go) == 0)
                {
                    Thread.SpinWait(1);
                }
                call = Call(array, member);
            }) { IsBackground = true, Name = $"{member} {round}" };
            thread.Start();
            while (Volatile.Read(ref ready) == 0)
            {
                Thread.SpinWait(1);
            }
            // Both start at once; the Dispose lands before the member, while it finds its sync region,
            // while it counts itself in, or while it sleeps.
            var delay = random.Next(-20, 400);
            Volatile.Write(ref go, 1);
            if (delay > 0) Thread.SpinWait(delay * 10);
            array.Dispose();
            Assert.True(thread.Join(EndWithin), $"Round {round}: {member} on another thread did not end within {EndWithin} of disposing '{name}'.");
            Assert.True(await Task.WhenAny(call!, Task.Delay(EndWithin)) == call, $"Round {round}: {member} returned a task that did not end within {EndWithin} of disposing '{name}'.");
            var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => call);
            Assert.Contains(name, error.Message);
            Assert.Empty(Maps.DescriptorsOf(path));
        }
        Assert.Empty(Maps.Of(path));
        wordHolder.Kill();
        locker.Kill();
        writer.Kill();
        Assert.True(SharedArray.Delete(name));
        Assert.Empty(Maps.DescriptorsOf(path));
        Assert.Empty(Maps.DescriptorsOf(path + " (deleted)"));
        Assert.Empty(Maps.Of(path));
        Assert.Empty(Maps.Of(path + " (deleted)"));
    }

    /// <summary>The member as a task: a synchronous one runs here and its outcome is wrapped; the asynchronous one is returned pending.</summary>
    private static Task Call(SharedArray<long> array, string member)
    {
        try
        {
            switch (member)
            {
                case "WaitForChange":
                    array.WaitForChange(array.Version, Timeout.InfiniteTimeSpan, out _);
                    break;
                case "WaitForChangeAsync":
                    return array.WaitForChangeAsync(array.Version).AsTask();
                case "BeginWrite":
                    array.BeginWrite().Dispose();
                    break;
                case "ReadConsistent":
                    array.ReadConsistent(new long[64]);
                    break;
                case "AcquireShared":
                    array.AcquireShared(Timeout.InfiniteTimeSpan).Dispose();
                    break;
                case "AcquireExclusive":
                    array.AcquireExclusive(Timeout.InfiniteTimeSpan).Dispose();
                    break;
                default:
                    array.Publish(Timeout.InfiniteTimeSpan);
                    break;
            }
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }
}
