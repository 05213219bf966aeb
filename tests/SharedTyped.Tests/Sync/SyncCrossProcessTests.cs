using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>Coordination between real processes: this test process and .NET peers (tests/SharedTyped.Peer/SyncCommands.cs).</summary>
public sealed class SyncCrossProcessTests : SyncTest
{
    [SyncFact]
    public void No_wake_up_is_lost_every_waiter_ends_at_the_last_published_version()
    {
        const int publishes = 200;
        using var array = NewArray(out var name);
        var waiters = Enumerable.Range(0, 3).Select(_ => Child.DotNet("wait-until", name, $"{publishes}")).ToList();
        try
        {
            foreach (var waiter in waiters)
            {
                Assert.Equal(0, Number(waiter.Expect("ready")));
            }
            using var publisher = Child.DotNet("publish", name, $"{publishes}");
            publisher.Expect("ready");
            Assert.Equal($"{publishes}", publisher.Expect("done"));
            foreach (var waiter in waiters)
            {
                Assert.StartsWith($"{publishes} after ", waiter.Expect("reached"));
                Assert.Equal(0, waiter.WaitForExit());
            }
            Assert.Equal(publishes, array.Version);
            Assert.All(array.AsSpan().ToArray(), v => Assert.Equal(Stamp(publishes), v));
        }
        finally
        {
            waiters.ForEach(w => w.Dispose());
        }
    }

    [SyncFact]
    public void A_wait_in_another_process_returns_on_this_processes_publish_and_times_out_without_one()
    {
        using var array = NewArray(out var name);
        using (var idle = Child.DotNet("wait", name, "0", "50"))
        {
            idle.Expect("ready");
            Assert.Equal("0", idle.Expect("timeout"));
        }
        using var waiter = Child.DotNet("wait", name, "0", "120000");
        waiter.Expect("ready");
        array.Publish();
        Assert.Equal("1", waiter.Expect("changed"));
    }

    [SyncFact]
    public void A_million_snapshots_of_three_reader_processes_under_one_writer_process_are_never_torn()
    {
        const long perReader = 340_000;
        using var array = NewArray(out var name, 4096);
        using var writer = Child.DotNet("writer", name);
        writer.Expect("ready");
        var readers = Enumerable.Range(0, 3).Select(_ => Child.DotNet("reader", name, $"{perReader}")).ToList();
        try
        {
            long total = 0;
            foreach (var reader in readers)
            {
                reader.Expect("ready");
            }
            foreach (var reader in readers)
            {
                // "snapshots S torn T versions V"
                var words = reader.Expect("snapshots").Split(' ');
                Assert.Equal("0", words[2]);
                Assert.True(long.Parse(words[4]) > 1, $"the reader saw a single version: {string.Join(' ', words)}");
                total += long.Parse(words[0]);
            }
            Assert.True(total >= 1_000_000);
            writer.Send("stop");
            Assert.True(Number(writer.Expect("done")) > 1);
            Assert.Equal(0, writer.WaitForExit());
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    [SyncFact]
    public async Task A_writer_killed_inside_its_write_gives_readers_a_torn_exception_and_the_next_writer_recovers()
    {
        using var array = NewArray(out var name);
        array.Publish();
        using var reader = SharedArray.AttachReadOnly<long>(name);
        using (var dying = Child.DotNet("die-in-write", name))
        {
            Assert.Equal("1", dying.Expect("writing"));
            // While the writer lives, a one-shot read reports a write in progress.
            Assert.False(reader.TryReadConsistent(new long[64], out var during));
            Assert.Equal(1, during);
            var blocked = Task.Run(() => reader.ReadConsistent(new long[64]));
            dying.Kill();
            var torn = await Assert.ThrowsAsync<SharedArrayTornException>(() => blocked);
            Assert.Equal(name, torn.ArrayName);
            Assert.Equal(1, torn.Version);
            Assert.Contains($"Shared array '{name}' (long, shape (64,)): a write after version 1 was abandoned", torn.Message);
        }
        Assert.Throws<SharedArrayTornException>(() => reader.ReadConsistent(new long[64]));
        Assert.Throws<SharedArrayTornException>(() => reader.TryReadConsistent(new long[64], out _));
        using (var peerReader = Child.DotNet("read-consistent", name))
        {
            Assert.StartsWith("1 ", peerReader.Expect("torn"));
        }
        Assert.True(SharedMemory.Inspect(name).WriteAbandoned);
        using (var scope = array.BeginWrite(TimeSpan.FromSeconds(60)))
        {
            Assert.True(scope.RecoveredAbandonedWrite);
            array.AsSpan().Fill(Stamp(2));
        }
        var copy = new long[64];
        Assert.Equal(2, reader.ReadConsistent(copy));
        Assert.All(copy, v => Assert.Equal(Stamp(2), v));
        Assert.False(SharedMemory.Inspect(name).WriteAbandoned);
    }

    [SyncFact]
    public async Task A_lock_held_by_another_process_excludes_until_that_process_is_killed()
    {
        using var array = NewArray(out var name);
        using (var holder = Child.DotNet("hold", name, "exclusive"))
        {
            holder.Expect("held");
            var e = Assert.Throws<TimeoutException>(() => array.AcquireShared(TimeSpan.FromMilliseconds(50)));
            Assert.Contains($"Shared array '{name}'", e.Message);
            Assert.Equal("exclusive", SharedMemory.Inspect(name).ReaderWriterLock);
            var waiting = Task.Run(() => array.AcquireExclusive(TimeSpan.FromSeconds(60)));
            holder.Kill();
            using var granted = await waiting;
            Assert.True(granted.IsHeld);
        }
        using (var holder = Child.DotNet("hold", name, "shared"))
        {
            holder.Expect("held");
            using (array.AcquireShared(TimeSpan.FromSeconds(30)))
            {
            }
            Assert.Throws<TimeoutException>(() => array.AcquireExclusive(TimeSpan.FromMilliseconds(50)));
            holder.Send("");
            Assert.Equal(0, holder.WaitForExit());
        }
        using (var held = array.AcquireExclusive(TimeSpan.FromSeconds(60)))
        using (var other = Child.DotNet("try-lock", name, "shared", "50"))
        {
            other.Expect("ready");
            Assert.Contains("shared lock was not granted", other.Expect("timeout"));
        }
    }

    [SyncFact]
    public void A_write_scope_excludes_a_writer_in_another_process()
    {
        using var array = NewArray(out var name);
        using var publisher = Child.DotNet("publish", name, "3");
        long version;
        using (array.BeginWrite())
        {
            publisher.Expect("ready");
            array.AsSpan().Fill(Stamp(1));
            // The peer cannot publish while this scope is open.
            Assert.Equal(0, array.Version);
        }
        Assert.Equal("4", publisher.Expect("done"));
        version = array.Version;
        Assert.Equal(4, version);
        Assert.All(array.AsSpan().ToArray(), v => Assert.Equal(Stamp(4), v));
    }
}
