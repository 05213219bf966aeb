using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>Coordination between .NET and numpy peers through python/sharedtyped.py (driven by tests/python/sync_peer.py).</summary>
public sealed class SyncPythonTests : SyncTest
{
    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Python_waits_for_a_dotnet_publish()
    {
        using var array = NewArray(out var name);
        using (var idle = Child.Python("wait", name, "0", "0.05"))
        {
            idle.Expect("ready");
            Assert.Equal("timeout", idle.ReadLine());
        }
        using var waiter = Child.Python("wait", name, "0", "120");
        waiter.Expect("ready");
        using (array.BeginWrite())
        {
            array.AsSpan().Fill(Stamp(1));
        }
        Assert.Equal("1", waiter.Expect("changed"));
        using var reader = Child.Python("read", name);
        reader.Expect("ready");
        Assert.Equal($"1 first {Stamp(1)}", reader.Expect("version"));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public async Task Dotnet_waits_for_a_python_publish_and_reads_what_it_wrote()
    {
        using var array = NewArray(out var name);
        using var reader = SharedArray.AttachReadOnly<long>(name);
        var wait = reader.WaitForChangeAsync(0).AsTask();
        using var publisher = Child.Python("publish", name, "5");
        publisher.Expect("ready");
        Assert.True(await wait >= 1);
        Assert.Equal("5", publisher.Expect("done"));
        Assert.Equal(0, publisher.WaitForExit());
        var copy = new long[64];
        Assert.Equal(5, reader.ReadConsistent(copy));
        Assert.All(copy, v => Assert.Equal(Stamp(5), v));
        // Python's writes and .NET's share one version counter.
        Assert.Equal(6, array.Publish());
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Locks_exclude_across_languages_and_timeouts_fire_on_both_sides()
    {
        using var array = NewArray(out var name);
        using (var holder = Child.Python("hold", name, "exclusive"))
        {
            holder.Expect("ready");
            holder.Expect("held");
            Assert.Throws<TimeoutException>(() => array.AcquireShared(TimeSpan.FromMilliseconds(50)));
            holder.Kill();
            using var granted = array.AcquireExclusive(TimeSpan.FromSeconds(60));
        }
        using (array.AcquireExclusive(TimeSpan.FromSeconds(30)))
        using (var other = Child.Python("try-lock", name, "shared", "0.05"))
        {
            other.Expect("ready");
            Assert.Contains("shared lock was not granted", other.Expect("timeout"));
        }
        using (array.AcquireShared(TimeSpan.FromSeconds(30)))
        using (var other = Child.Python("try-lock", name, "shared", "30"))
        {
            other.Expect("ready");
            Assert.Equal("acquired", other.ReadLine());
        }
        using var writer = Child.Python("publish", name, "1");
        using (array.BeginWrite())
        {
            writer.Expect("ready");
            array.AsSpan().Fill(Stamp(1));
            Assert.Equal(0, array.Version);
        }
        // Python's write waited for this scope: it publishes version 2, after this one's 1.
        Assert.Equal("2", writer.Expect("done"));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Python_gets_the_torn_error_after_a_dotnet_writer_is_killed_inside_its_write()
    {
        using var array = NewArray(out var name);
        using (var dying = Child.DotNet("die-in-write", name))
        {
            Assert.Equal("0", dying.Expect("writing"));
            dying.Kill();
        }
        using (var reader = Child.Python("read", name))
        {
            reader.Expect("ready");
            Assert.Contains("a write after version 0 was abandoned", reader.Expect("torn 0"));
        }
        using (var writer = Child.Python("publish", name, "1"))
        {
            writer.Expect("ready");
            Assert.Equal("1", writer.Expect("done"));
        }
        var copy = new long[64];
        Assert.Equal(1, array.ReadConsistent(copy));
        Assert.All(copy, v => Assert.Equal(Stamp(1), v));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void A_numpy_made_segment_works_in_python_and_its_sync_members_raise_naming_it()
    {
        var name = NewName();
        InteropScript.Run("create", name, "int64", "[3, 4]");
        using (var array = SharedArray.Attach<long>(name, [3, 4]))
        {
            Assert.Throws<NotSupportedException>(() => array.Version);
        }
        using var child = Child.Python("no-sync", name);
        child.Expect("ready");
        var parts = child.Expect("sum").Split(" | ");
        Assert.Equal(6, parts.Length);
        Assert.All(parts[1..], m => Assert.Contains($"shared array '{name}' (shape (3, 4), int64) was made without a sync block", m));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void A_numpy_peer_sees_the_same_header_padding_and_data_bytes_as_cdxcore_lays_out()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [3, 2], [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
        using var child = Child.Python("prefix", name);
        child.Expect("ready");
        var seen = Convert.FromHexString(child.ReadLine());
        var expected = new byte[64 + 48];
        ExpectedHeader.Bytes(10, [3, 2]).CopyTo(expected, 0);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes<double>([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]).CopyTo(expected.AsSpan(64));
        Assert.Equal(expected, seen);
    }
}
