using System.Runtime.InteropServices;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// The platform seam under coordination (src/Runtime/Platform/ISegmentSync.cs), on whichever system
/// runs the tests: a wake is never lost between a waiter's look at the word and its sleep, a process
/// is alive until it exits, and a byte lock probe reports the holder's mode without disturbing it.
/// On Windows these are the named kernel objects and lock files of src/Runtime/Platform/Windows.
/// </summary>
public sealed unsafe class SegmentSyncSeamTests : SyncTest
{
    private const int Rounds = 3_000;

    private static ISegmentSync Sync => SegmentSync.Current;

    [SyncTheory]
    [InlineData("segment")]
    [InlineData("private")]
    public void A_wake_after_the_word_changed_always_reaches_a_waiter_between_its_look_and_its_sleep(string where)
    {
        using var array = NewArray(out _, length: 8);
        var word = where == "segment" ? (uint*)array.DangerousGetPointer() : (uint*)NativeMemory.AllocZeroed(sizeof(uint));
        try
        {
            *word = 0;
            var acknowledged = 0;
            var lost = 0;
            var waiter = new Thread(() =>
            {
                for (var round = 1; round <= Rounds; round++)
                {
                    uint seen;
                    while ((seen = Volatile.Read(ref *word)) < round)
                    {
                        // Ten seconds is forever here: a wake that came after the look and was lost shows as a timeout.
                        if (!Sync.Wait(word, seen, TimeSpan.FromSeconds(10)))
                        {
                            Interlocked.Increment(ref lost);
                        }
                    }
                    Volatile.Write(ref acknowledged, round);
                }
            }) { IsBackground = true };
            waiter.Start();
            for (var round = 1; round <= Rounds; round++)
            {
                // The waiter is somewhere between its look and its sleep, or asleep, when the word changes.
                Interlocked.Increment(ref *word);
                Sync.WakeAll(word);
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref acknowledged) >= round, TimeSpan.FromSeconds(60)), $"The waiter never saw round {round}.");
            }
            Assert.True(waiter.Join(TimeSpan.FromSeconds(60)));
            Assert.Equal(0, lost);
        }
        finally
        {
            if (where == "private")
            {
                NativeMemory.Free(word);
            }
        }
    }

    [SyncFact]
    public void A_process_is_alive_until_it_exits_and_this_process_is_alive()
    {
        Assert.True(Sync.IsAlive(Environment.ProcessId));
        using var array = NewArray(out var name);
        using var holder = Child.DotNet("hold", name, "shared");
        holder.Expect("held");
        Assert.True(Sync.IsAlive(holder.ProcessId));
        holder.Kill();
        Assert.False(Sync.IsAlive(holder.ProcessId));
        Assert.False(Sync.IsAlive(0));
    }

    [SyncFact]
    public void A_byte_lock_probe_reports_the_holders_mode_and_leaves_the_holder_holding()
    {
        const long Byte = 7;
        using var array = NewArray(out var name);
        using var segment = SharedMemoryPlatform.Current.Open(name, new SegmentOpenRequest(null, Writable: false, AllowForeignOwner: false, LastProcessOut: false))!;
        segment.EnsureMapped(name);
        Assert.Equal(LockProbe.Free, Sync.Probe(segment, Byte));
        using (var reader = Sync.OpenLockDescription(segment, exclusive: false))
        using (var writer = Sync.OpenLockDescription(segment, exclusive: true))
        {
            Assert.True(Sync.TryLock(reader, Byte, exclusive: false));
            Assert.Equal(LockProbe.Shared, Sync.Probe(segment, Byte));
            Assert.False(Sync.TryLock(writer, Byte, exclusive: true));
            // Probed twice more: the reader still holds, so the writer is still refused.
            Assert.Equal(LockProbe.Shared, Sync.Probe(segment, Byte));
            Assert.False(Sync.TryLock(writer, Byte, exclusive: true));
            Sync.Unlock(reader, Byte);
            Assert.Equal(LockProbe.Free, Sync.Probe(segment, Byte));
            Assert.True(Sync.TryLock(writer, Byte, exclusive: true));
            Assert.Equal(LockProbe.Exclusive, Sync.Probe(segment, Byte));
            Assert.False(Sync.TryLock(reader, Byte, exclusive: false));
            Assert.Equal(LockProbe.Exclusive, Sync.Probe(segment, Byte));
        }
        // Closing the description released its lock.
        Assert.Equal(LockProbe.Free, Sync.Probe(segment, Byte));
    }
}
