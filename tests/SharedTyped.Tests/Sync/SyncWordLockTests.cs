using System.Buffers.Binary;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// The word lock (src/Runtime/Sync/SyncBlock.cs): every change of the version and the sequence, from
/// any process in any language, is made under it; a publish takes nothing else; a holder killed inside
/// it hands it on; writers that wait for the write lock count themselves so the releaser wakes them.
/// </summary>
public sealed class SyncWordLockTests : SyncTest
{
    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Publishes_from_two_dotnet_and_two_python_processes_at_once_are_all_counted()
    {
        using var array = NewArray(out var name);
        var children = new[]
        {
            Child.DotNet("bump", name, "4000"), Child.DotNet("bump", name, "4000"),
            Child.Python("bump", name, "1500"), Child.Python("bump", name, "1500"),
        };
        try
        {
            var lasts = children.Select(c => { c.Expect("ready"); return c; }).ToList()
                .Select(c => Number(c.Expect("done"))).ToList();
            // A publish lost between a plain-store Python peer and a .NET peer would leave the total short.
            Assert.Equal(11_000, array.Version);
            Assert.Contains(11_000L, lasts);
            Assert.All(lasts, last => Assert.InRange(last, 1500, 11_000));
            Assert.False(SharedMemory.Inspect(name).WriteInProgress);
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public async Task A_process_killed_holding_the_word_lock_hands_it_on_to_the_next_publish()
    {
        using var array = NewArray(out var name);
        using var holder = Child.Python("hold-word", name);
        holder.Expect("ready");
        holder.Expect("held");
        var publish = Task.Run(array.Publish);
        // Held by the peer: the publish must wait for it, not go around it.
        Assert.NotSame(publish, await Task.WhenAny(publish, Task.Delay(300)));
        Assert.Equal(0, array.Version);
        holder.Kill();
        Assert.Equal(1, await publish.WaitAsync(ChildProcess.Timeout));
        Assert.Equal(2, array.Publish());
        using (array.BeginWrite())
        {
            array.AsSpan().Fill(Stamp(3));
        }
        Assert.Equal(3, array.Version);
        Assert.False(SharedMemory.Inspect(name).WriteInProgress);
    }

    [SyncFact]
    public async Task A_publish_does_not_wait_for_a_write_scope_open_in_another_process_and_readers_still_do()
    {
        using var array = NewArray(out var name);
        using var writer = Child.DotNet("die-in-write", name);
        Assert.Equal("0", writer.Expect("writing"));
        var publish = Task.Run(array.Publish);
        // Bounded by the timeout: a publish that waited for the scope would never return while the peer sleeps in it.
        Assert.Equal(1, await publish.WaitAsync(ChildProcess.Timeout));
        // The scope is still open: the sequence stays odd, so a consistent copy is refused.
        Assert.True(SharedMemory.Inspect(name).WriteInProgress);
        Assert.False(array.TryReadConsistent(new long[64], out _));
        writer.Kill();
        var torn = Assert.Throws<SharedArrayTornException>(() => array.ReadConsistent(new long[64]));
        Assert.Equal(1, torn.Version);
        using (var scope = array.BeginWrite())
        {
            Assert.True(scope.RecoveredAbandonedWrite);
            array.AsSpan().Fill(Stamp(2));
        }
        var copy = new long[64];
        Assert.Equal(2, array.ReadConsistent(copy));
        Assert.All(copy, v => Assert.Equal(Stamp(2), v));
    }

    [LinuxTheory("reads the sync block through the segment's file in /dev/shm, and one peer is Python")]
    [InlineData("dotnet")]
    [InlineData("python")]
    public void A_writer_waiting_for_the_write_lock_is_counted_until_it_has_it(string language)
    {
        using var array = NewArray(out var name);
        var waitersOffset = SharedMemory.Inspect(name).SegmentBytes - SyncBlock.Length + SyncBlock.WriteLockWaitersOffset;
        Child publisher;
        using (array.BeginWrite())
        {
            publisher = language == "dotnet" ? Child.DotNet("publish", name, "1") : Child.Python("publish", name, "1");
            publisher.Expect("ready");
            Assert.True(SpinWait.SpinUntil(() => Waiters() == 1, ChildProcess.Timeout), $"The waiting {language} writer never counted itself.");
            array.AsSpan().Fill(Stamp(1));
        }
        using (publisher)
        {
            // Woken by this release, it writes version 2.
            Assert.Equal("2", publisher.Expect("done"));
        }
        Assert.Equal(0u, Waiters());
        Assert.Equal(2, array.Version);

        uint Waiters() => BinaryPrimitives.ReadUInt32LittleEndian(Segments.ReadBytes(name).AsSpan((int)waitersOffset));
    }
}
