using System.Diagnostics;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// <c>WaitForChangeAsync</c> costs no thread per pending wait (src/Runtime/Sync/ChangeDispatcher.cs):
/// the waits sit in a .NET peer (tests/SharedTyped.Peer/AsyncWaitCommands.cs), which counts its own
/// threads; the publishes come from this process.
/// </summary>
public sealed class AsyncWaitTests : SyncTest
{
    private const int Arrays = 100;
    private const int WaitsPerArray = 100;

    [SyncFact]
    public void Ten_thousand_pending_waits_on_100_arrays_add_at_most_8_threads_and_one_publish_per_array_ends_them_all_within_2_s()
    {
        var arrays = Enumerable.Range(0, Arrays).Select(i => NewArray(out _, length: 1)).ToList();
        try
        {
            using var peer = Child.DotNet(["many-waits", $"{WaitsPerArray}", "publish", .. arrays.Select(a => a.Name)]);
            Assert.InRange(Number(peer.Expect("pending")), 0, 8);
            var clock = Stopwatch.StartNew();
            foreach (var array in arrays)
            {
                array.Publish();
            }
            Assert.Equal(Arrays * WaitsPerArray, Number(peer.Expect("completed")));
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
            Assert.Equal(0, Number(peer.Expect("mapped")));
            Assert.Equal(0, peer.WaitForExit());
        }
        finally
        {
            arrays.ForEach(a => a.Dispose());
        }
    }

    [SyncFact]
    public void Cancelling_10_000_pending_waits_ends_them_all_as_canceled_within_1_s_and_gives_back_their_mappings()
    {
        var arrays = Enumerable.Range(0, Arrays).Select(i => NewArray(out _, length: 1)).ToList();
        try
        {
            using var peer = Child.DotNet(["many-waits", $"{WaitsPerArray}", "cancel", .. arrays.Select(a => a.Name)]);
            Assert.InRange(Number(peer.Expect("pending")), 0, 8);
            var cancelled = peer.Expect("cancelled").Split(' ');
            Assert.Equal(Arrays * WaitsPerArray, Number(cancelled[0]));
            Assert.InRange(Number(cancelled[1]), 0, 1000);
            Assert.Equal(0, Number(peer.Expect("mapped")));
            Assert.Equal(0, peer.WaitForExit());
            Assert.All(arrays, a => Assert.Equal(0, a.Version));
        }
        finally
        {
            arrays.ForEach(a => a.Dispose());
        }
    }

    [LinuxFact("checks through /proc/self/maps that the mapping was given back")]
    public async Task A_cancelled_wait_always_completes_as_canceled_and_gives_back_its_mapping_whatever_the_timing_of_the_cancel()
    {
        using var array = NewArray(out var name);
        var reader = SharedArray.AttachReadOnly<long>(name);
        var random = new Random(18);
        for (var round = 0; round < 10_000; round++)
        {
            using var cancel = new CancellationTokenSource();
            Task<long> wait;
            switch (round % 4)
            {
                case 0:
                    // Before the registration.
                    cancel.Cancel();
                    wait = reader.WaitForChangeAsync(0, cancel.Token).AsTask();
                    break;
                case 1:
                    // Right after it.
                    wait = reader.WaitForChangeAsync(0, cancel.Token).AsTask();
                    cancel.Cancel();
                    break;
                case 2:
                    // From another thread, racing it.
                    var canceller = Task.Run(cancel.Cancel);
                    wait = reader.WaitForChangeAsync(0, cancel.Token).AsTask();
                    await canceller;
                    break;
                default:
                    // A little after it, while the dispatcher may be looking at the word.
                    wait = reader.WaitForChangeAsync(0, cancel.Token).AsTask();
                    Thread.SpinWait(random.Next(0, 4000));
                    cancel.Cancel();
                    break;
            }
            var ended = await Task.WhenAny(wait, Task.Delay(ChildProcess.Timeout));
            Assert.True(ended == wait, $"Round {round}: the cancelled wait did not complete.");
            Assert.True(wait.IsCanceled, $"Round {round}: the wait ended {wait.Status}, not Canceled.");
        }
        reader.Dispose();
        // Every wait gave back its use of the read-only mapping: disposing the reader unmapped it.
        Assert.DoesNotContain(Maps.Of(Segments.PathOf(name)), m => !m.Permissions.Contains('w'));
        var next = array.WaitForChangeAsync(0).AsTask();
        array.Publish();
        Assert.Equal(1, await next.WaitAsync(ChildProcess.Timeout));
    }

    [SyncFact]
    public async Task Disposing_an_array_ends_its_pending_async_waits_with_ObjectDisposedException_and_leaves_other_arrays_waits_pending()
    {
        using var array = NewArray(out var name);
        // Windows has no /proc/self/maps: there the reader's view is known by its start and first bytes
        // (tests/Shared/WindowsView.cs). Every NewArray segment has the same header and values, so the first
        // two elements get values of this segment alone: another test's view at the freed address does not
        // start with them.
        long[] mark = [Random.Shared.NextInt64(), Random.Shared.NextInt64()];
        mark.CopyTo(array.AsSpan());
        var reader = SharedArray.AttachReadOnly<long>(name);
        var readerView = OperatingSystem.IsWindows() ? ViewThrough(reader, mark.Length) : null;
        var readerWaits = Enumerable.Range(0, 3).Select(_ => reader.WaitForChangeAsync(0).AsTask()).ToList();
        var arrayWait = array.WaitForChangeAsync(0).AsTask();
        reader.Dispose();
        foreach (var wait in readerWaits)
        {
            var e = await Assert.ThrowsAsync<ObjectDisposedException>(() => wait.WaitAsync(ChildProcess.Timeout));
            Assert.Contains(name, e.Message);
        }
        Assert.Throws<ObjectDisposedException>(() => reader.WaitForChangeAsync(0));
        if (!OperatingSystem.IsWindows())
        {
            Assert.DoesNotContain(Maps.Of(Segments.PathOf(name)), m => !m.Permissions.Contains('w'));
        }
        Assert.False(arrayWait.IsCompleted);
        using var publisher = Child.DotNet("bump", name, "1");
        publisher.Expect("ready");
        Assert.Equal("1", publisher.Expect("done"));
        Assert.Equal(1, await arrayWait.WaitAsync(ChildProcess.Timeout));
        if (OperatingSystem.IsWindows())
        {
            // The bump filled every element: the mark goes back, so that a view of this segment starts with
            // the bytes taken while the reader was attached (a leaked view shows what the segment holds now).
            mark.CopyTo(array.AsSpan());
            // A view of this same segment is the only other mapping that starts with them. This process maps
            // none after the reader's; the one it holds, the array's, was mapped with the reader's, so at another start.
            Assert.NotEqual(readerView!.Start, ViewThrough(array, mark.Length).Start);
            // Windows unmaps a view only once no wait is pinned on it (src/Runtime/Platform/Windows/WindowsMappedViews.cs):
            // the waiting thread lets go of the reader's view when it next wakes, here for the array's wait.
            Assert.True(SpinWait.SpinUntil(() => !readerView.IsMapped, ChildProcess.Timeout), $"The disposed reader's view at 0x{readerView.Start:x} is still mapped.");
        }
    }

    [SyncFact]
    public async Task Retiring_the_segment_ends_its_pending_async_waits_with_SharedArrayReplacedException_within_1_s()
    {
        using var array = NewArray(out var name, length: 5);
        using var reader = SharedArray.AttachReadOnly<long>(name);
        var waits = Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? array.WaitForChangeAsync(0) : reader.WaitForChangeAsync(0)).AsTask()).ToList();
        await Task.Delay(100);
        Assert.DoesNotContain(waits, w => w.IsCompleted);
        var clock = Stopwatch.StartNew();
        // What the removal path does to the segment it unlinks or replaces: the block's retired mark and its wake-ups.
        Retire(array, name);
        await Assert.ThrowsAsync<SharedArrayReplacedException>(() => Task.WhenAll(waits).WaitAsync(ChildProcess.Timeout));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.All(waits, w => Assert.IsType<SharedArrayReplacedException>(w.Exception!.InnerException));
        Assert.Contains($"'{name}'", waits[0].Exception!.InnerException!.Message);
        // A wait begun after the mark fails at once.
        await Assert.ThrowsAsync<SharedArrayReplacedException>(() => reader.WaitForChangeAsync(0).AsTask());
    }

    [LinuxFact("the peer replaces the segment with Force, which cannot replace a held name on Windows (docs/guarantees.md, \"Windows\")")]
    public async Task Replacing_the_segment_from_another_process_ends_its_pending_async_waits_with_SharedArrayReplacedException_within_1_s()
    {
        using var array = NewArray(out var name, length: 1);
        var waits = Enumerable.Range(0, 100).Select(_ => array.WaitForChangeAsync(0).AsTask()).ToList();
        using var replacer = Child.DotNet("replace", name);
        replacer.Expect("ready");
        Assert.DoesNotContain(waits, w => w.IsCompleted);
        var clock = Stopwatch.StartNew();
        replacer.Send("go");
        await Assert.ThrowsAsync<SharedArrayReplacedException>(() => Task.WhenAll(waits).WaitAsync(ChildProcess.Timeout));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.All(waits, w => Assert.IsType<SharedArrayReplacedException>(w.Exception!.InnerException));
        replacer.Expect("replaced");
        Assert.Equal(0, replacer.WaitForExit());
        Assert.False(array.IsCurrent);
    }

    /// <summary>Marks the sync block of <paramref name="array"/> retired: it starts at the first 64-byte boundary past the data (docs/format.md).</summary>
    private static unsafe void Retire(SharedArray<long> array, string name)
    {
        var dataOffset = SharedMemory.Inspect(name).DataOffset;
        var blockOffset = (dataOffset + array.ByteLength + 63) / 64 * 64;
        SyncRegion.Retire((byte*)array.DangerousGetPointer() + (blockOffset - dataOffset));
    }

    [SyncFact]
    public async Task Without_futex_waitv_one_polling_worker_serves_every_wait_and_sees_each_publish_from_another_process()
    {
        var dispatcher = new ChangeDispatcher(new NoWordSetWait(), SegmentSync.Current);
        var arrays = Enumerable.Range(0, 3).Select(i => NewArray(out _, length: 1)).ToList();
        try
        {
            var waits = arrays.SelectMany(a => Enumerable.Range(0, 100).Select(_ => a.SyncRegion.WaitForChangeAsync(0, default, dispatcher).AsTask())).ToList();
            Assert.Equal(1, dispatcher.WorkerCount);
            Assert.DoesNotContain(waits, w => w.IsCompleted);
            foreach (var array in arrays)
            {
                using var publisher = Child.DotNet("bump", array.Name, "1");
                publisher.Expect("ready");
                Assert.Equal("1", publisher.Expect("done"));
            }
            Assert.All(await Task.WhenAll(waits).WaitAsync(ChildProcess.Timeout), v => Assert.Equal(1, v));
        }
        finally
        {
            arrays.ForEach(a => a.Dispose());
        }
    }

    [SyncFact]
    public async Task Waits_on_more_arrays_than_the_workers_can_sleep_on_stay_within_the_worker_bound_and_each_ends_on_its_publish()
    {
        var dispatcher = new ChangeDispatcher(WordSetWait.Current, SegmentSync.Current);
        var count = ChangeDispatcher.MaxWorkers * (WordSetWait.Current.MaxWords - 1) + 10;
        var arrays = Enumerable.Range(0, count).Select(i => NewArray(out _, length: 1)).ToList();
        try
        {
            var waits = arrays.Select(a => a.SyncRegion.WaitForChangeAsync(0, default, dispatcher).AsTask()).ToList();
            Assert.InRange(dispatcher.WorkerCount, 1, ChangeDispatcher.MaxWorkers);
            await Task.Run(() => arrays.ForEach(a => a.Publish()));
            Assert.All(await Task.WhenAll(waits).WaitAsync(ChildProcess.Timeout), v => Assert.Equal(1, v));
        }
        finally
        {
            arrays.ForEach(a => a.Dispose());
        }
    }

    [SyncFact]
    public async Task A_wait_whose_change_the_worker_finds_as_its_idle_linger_runs_out_still_completes()
    {
        // The worker's first idle sleep is held past its linger while a second wait registers and its change is
        // published: the scan that takes that wait out is the scan after which the worker would retire.
        var sync = new HeldIdleSleep(SegmentSync.Current);
        var dispatcher = new ChangeDispatcher(WordSetWait.Current, sync);
        var array = NewArray(out _, length: 1);
        try
        {
            var first = array.SyncRegion.WaitForChangeAsync(0, default, dispatcher).AsTask();
            array.Publish();
            Assert.Equal(1, await first.WaitAsync(ChildProcess.Timeout));
            Assert.True(sync.Entered.Wait(ChildProcess.Timeout), "the worker never went idle after its only wait ended");
            var second = array.SyncRegion.WaitForChangeAsync(1, default, dispatcher).AsTask();
            Assert.False(second.IsCompleted);
            array.Publish();
            sync.Release.Set();
            Assert.Equal(2, await second.WaitAsync(ChildProcess.Timeout));
        }
        finally
        {
            sync.Release.Set();
            array.Dispose();
        }
    }

    /// <summary>The platform's sync, except that the dispatcher worker's first idle sleep lasts until released and at least its linger.</summary>
    private sealed unsafe class HeldIdleSleep(ISegmentSync inner) : ISegmentSync
    {
        private int _held;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public bool Wait(uint* word, uint expected, TimeSpan timeout)
        {
            if (timeout != ChangeDispatcher.IdleLinger || Interlocked.Exchange(ref _held, 1) != 0)
            {
                return inner.Wait(word, expected, timeout);
            }
            var clock = Stopwatch.StartNew();
            Entered.Set();
            Release.Wait(ChildProcess.Timeout);
            var left = ChangeDispatcher.IdleLinger + TimeSpan.FromMilliseconds(100) - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                Thread.Sleep(left);
            }
            return true;
        }

        public void WakeAll(uint* word) => inner.WakeAll(word);

        public bool IsAlive(int processId) => inner.IsAlive(processId);

        public Microsoft.Win32.SafeHandles.SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive) => inner.OpenLockDescription(segment, exclusive);

        public bool TryLock(Microsoft.Win32.SafeHandles.SafeFileHandle description, long offset, bool exclusive) => inner.TryLock(description, offset, exclusive);

        public void Unlock(Microsoft.Win32.SafeHandles.SafeFileHandle description, long offset) => inner.Unlock(description, offset);

        public LockProbe Probe(NativeSegment segment, long offset) => inner.Probe(segment, offset);
    }

    /// <summary>The view of <paramref name="array"/>, identified by its bytes up to the end of its first <paramref name="elements"/> elements (Windows).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static unsafe WindowsView ViewThrough(ReadOnlySharedArray<long> array, int elements) => WindowsView.Of(array.DangerousGetPointer() + elements);

    /// <inheritdoc cref="ViewThrough(ReadOnlySharedArray{long}, int)"/>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static unsafe WindowsView ViewThrough(SharedArray<long> array, int elements) => WindowsView.Of(array.DangerousGetPointer() + elements);
}
