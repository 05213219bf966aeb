using System.Runtime.InteropServices;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>The coordination members within one process: versions, scopes, bad input and segments without a sync block.</summary>
public sealed class SyncInProcessTests : SyncTest
{
    [SyncFact]
    public void A_new_array_is_at_version_0_and_each_publish_or_write_scope_adds_one()
    {
        using var array = NewArray(out _);
        Assert.Equal(0, array.Version);
        Assert.Equal(1, array.Publish());
        using (var scope = array.BeginWrite())
        {
            Assert.Equal(0, scope.PublishedVersion);
            Assert.False(scope.RecoveredAbandonedWrite);
            array[0] = 5;
            Assert.Equal(1, array.Version);
            scope.Dispose();
            Assert.Equal(2, scope.PublishedVersion);
        }
        Assert.Equal(2, array.Version);
        using var view = array.AsReadOnly();
        Assert.Equal(2, view.Version);
    }

    [SyncFact]
    public void ReadConsistent_copies_every_element_and_returns_the_version()
    {
        using var array = NewArray(out var name, 12);
        using (array.BeginWrite())
        {
            for (var i = 0; i < 12; i++) array[i] = i * 10;
        }
        using var reader = SharedArray.AttachReadOnly<long>(name);
        var copy = new long[12];
        Assert.Equal(1, reader.ReadConsistent(copy));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 10L), copy);
        Assert.True(reader.TryReadConsistent(copy, out var version));
        Assert.Equal(1, version);
    }

    [SyncFact]
    public void ReadConsistent_of_a_row_range_copies_those_rows()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [4, 3], Enumerable.Range(0, 12).Select(i => (double)i).ToArray());
        var rows = new double[6];
        Assert.Equal(0, array.ReadConsistent(rows, 1, 2));
        Assert.Equal([3, 4, 5, 6, 7, 8], rows);
        Assert.Equal(0, array.ReadConsistent(Span<double>.Empty, 4, 0));
    }

    [SyncFact]
    public void A_wrong_destination_or_row_range_names_the_array_shape_and_type()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [4, 3]);
        var e = Assert.Throws<ArgumentException>(() => array.ReadConsistent(new double[11]));
        Assert.Contains($"Shared array '{name}' (double, shape (4, 3)) has 12 elements; the destination holds 11", e.Message);
        e = Assert.Throws<ArgumentException>(() => array.TryReadConsistent(new double[13], out _));
        Assert.Contains("destination holds 13", e.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => array.ReadConsistent(new double[6], 3, 2));
        Assert.Contains($"Shared array '{name}' (double, shape (4, 3)): rows 3 to 5 are outside 0 to 4", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.ReadConsistent(new double[3], -1, 1));
        e = Assert.Throws<ArgumentException>(() => array.ReadConsistent(new double[5], 0, 2));
        Assert.Contains("2 rows hold 6 elements; the destination holds 5", e.Message);
        var scalarName = NewName();
        using var scalar = SharedArray.Create<int>(scalarName, []);
        Assert.Contains("is a scalar", Assert.Throws<InvalidOperationException>(() => scalar.ReadConsistent(new int[1], 0, 1)).Message);
    }

    [SyncFact]
    public void A_negative_timeout_is_rejected_naming_the_array()
    {
        using var array = NewArray(out var name);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => array.WaitForChange(0, TimeSpan.FromSeconds(-2), out _));
        Assert.Contains($"Shared array '{name}'", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.BeginWrite(TimeSpan.FromMilliseconds(-5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.AcquireShared(TimeSpan.FromMilliseconds(-5)));
    }

    [SyncFact]
    public void WaitForChange_times_out_when_nothing_is_published_and_returns_at_once_when_the_version_differs()
    {
        using var array = NewArray(out _);
        Assert.False(array.WaitForChange(0, TimeSpan.FromMilliseconds(20), out var version));
        Assert.Equal(0, version);
        Assert.False(array.WaitForChange(0, TimeSpan.Zero, out _));
        array.Publish();
        Assert.True(array.WaitForChange(0, TimeSpan.Zero, out version));
        Assert.Equal(1, version);
    }

    [SyncFact]
    public async Task WaitForChangeAsync_completes_on_a_publish_from_another_thread()
    {
        using var array = NewArray(out var name);
        using var reader = SharedArray.AttachReadOnly<long>(name);
        var wait = reader.WaitForChangeAsync(0);
        Assert.False(wait.IsCompleted);
        var publisher = Task.Run(() => array.Publish());
        Assert.Equal(1, await wait);
        Assert.Equal(1, await publisher);
        Assert.Equal(1, await reader.WaitForChangeAsync(0));
    }

    [SyncFact]
    public async Task Cancelling_WaitForChangeAsync_ends_the_wait_with_OperationCanceledException()
    {
        using var array = NewArray(out _);
        using var cancel = new CancellationTokenSource();
        var wait = array.WaitForChangeAsync(0, cancel.Token).AsTask();
        Assert.False(wait.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(0, array.Version);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => array.WaitForChangeAsync(0, cancel.Token).AsTask());
        // The array is still usable: a wait after the cancelled one sees the next publish.
        var next = array.WaitForChangeAsync(0).AsTask();
        array.Publish();
        Assert.Equal(1, await next);
    }

    [SyncFact]
    public void Publish_or_BeginWrite_inside_this_threads_write_scope_fails_instead_of_waiting_for_itself()
    {
        using var array = NewArray(out var name);
        using (array.BeginWrite())
        {
            Assert.Contains($"Shared array '{name}'", Assert.Throws<InvalidOperationException>(() => array.Publish()).Message);
            Assert.Throws<InvalidOperationException>(() => array.BeginWrite());
        }
        Assert.Equal(1, array.Version);
    }

    [SyncFact]
    public void A_second_writer_waits_and_times_out_while_the_first_scope_is_open()
    {
        using var array = NewArray(out var name);
        using var other = SharedArray.Attach<long>(name);
        var first = array.BeginWrite();
        // A thread of its own: a write scope belongs to the thread that opened it, and a pool thread
        // (Task.Run) may be the very thread that holds the first scope.
        Exception? thrown = null;
        var second = new Thread(() => thrown = Record.Exception(() => other.BeginWrite(TimeSpan.FromMilliseconds(30))));
        second.Start();
        Assert.True(second.Join(TimeSpan.FromSeconds(30)));
        var e = Assert.IsType<TimeoutException>(thrown);
        Assert.Contains($"Shared array '{name}'", e.Message);
        Assert.False(other.TryReadConsistent(new long[64], out _));
        first.Dispose();
        using (other.BeginWrite(TimeSpan.FromSeconds(30)))
        {
        }
        Assert.Equal(2, array.Version);
    }

    [SyncFact]
    public void Shared_locks_coexist_and_an_exclusive_lock_excludes_both_sides()
    {
        using var array = NewArray(out var name);
        using var reader = SharedArray.AttachReadOnly<long>(name);
        var shared1 = reader.AcquireShared(TimeSpan.FromSeconds(30));
        var shared2 = array.AcquireShared(TimeSpan.FromSeconds(30));
        Assert.False(shared1.IsExclusive);
        var e = Assert.Throws<TimeoutException>(() => array.AcquireExclusive(TimeSpan.FromMilliseconds(20)));
        Assert.Contains($"Shared array '{name}'", e.Message);
        Assert.Contains("exclusive lock was not granted", e.Message);
        shared1.Dispose();
        shared2.Dispose();
        Assert.False(shared2.IsHeld);
        using var exclusive = array.AcquireExclusive(TimeSpan.FromSeconds(30));
        Assert.True(exclusive.IsExclusive);
        Assert.Throws<TimeoutException>(() => reader.AcquireShared(TimeSpan.FromMilliseconds(20)));
        Assert.Throws<TimeoutException>(() => array.AcquireExclusive(TimeSpan.Zero));
        // The write lock is a different one: a write scope is not held up by the reader/writer lock.
        using (array.BeginWrite(TimeSpan.FromSeconds(30)))
        {
        }
    }

    [SyncFact]
    public async Task A_waiting_lock_is_granted_when_the_holder_releases_it()
    {
        using var array = NewArray(out _);
        var held = array.AcquireExclusive(TimeSpan.FromSeconds(30));
        var waiter = Task.Run(() => { using var l = array.AcquireShared(TimeSpan.FromSeconds(60)); return l.IsHeld; });
        Thread.Sleep(20);
        held.Dispose();
        Assert.True(await waiter);
    }

    [SyncFact]
    public void HasSyncBlock_says_whether_the_coordination_members_work_without_throwing()
    {
        using var made = NewArray(out var name);
        Assert.True(made.HasSyncBlock);
        using (var view = SharedArray.AttachReadOnly<long>(name))
        {
            Assert.True(view.HasSyncBlock);
        }
        // cdxcore's layout: no sync block, so the members that need one throw, and HasSyncBlock answers first.
        var bare = NewName();
        var image = new byte[64 + 4 * 8];
        ExpectedHeader.Bytes(4, [4]).CopyTo(image, 0);
        Segments.WriteRaw(bare, image);
        using var array = SharedArray.Attach<long>(bare, [4]);
        using var readOnly = SharedArray.AttachReadOnly<long>(bare);
        Assert.False(array.HasSyncBlock);
        Assert.False(readOnly.HasSyncBlock);
        Assert.Throws<NotSupportedException>(() => array.Version);
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => array.HasSyncBlock);
    }

    [SyncFact]
    public void A_segment_made_without_a_sync_block_attaches_but_its_sync_members_say_so()
    {
        // cdxcore's layout exactly: header, padding, data and nothing after.
        var name = NewName();
        var image = new byte[64 + 4 * 8];
        ExpectedHeader.Bytes(4, [4]).CopyTo(image, 0);
        MemoryMarshal.AsBytes<long>([1, 2, 3, 4]).CopyTo(image.AsSpan(64));
        Segments.WriteRaw(name, image);
        using var array = SharedArray.Attach<long>(name, [4]);
        Assert.Equal(10, array.AsSpan().ToArray().Sum());
        var expected = $"Shared array '{name}' (long, shape (4,)) was made without a sync block";
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.Version).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.Publish()).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.BeginWrite()).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.WaitForChange(0, TimeSpan.Zero, out _)).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.ReadConsistent(new long[4])).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => array.AcquireExclusive(TimeSpan.Zero)).Message);
        using var view = SharedArray.AttachReadOnly<long>(name);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => view.AcquireShared(TimeSpan.Zero)).Message);
        Assert.StartsWith(expected, Assert.Throws<NotSupportedException>(() => view.WaitForChangeAsync(0)).Message);
        var info = SharedMemory.Inspect(name);
        Assert.False(info.HasSyncBlock);
        Assert.Equal(-1, info.Version);
        // Page padding after the data (zeros, no magic) is not a sync block either.
        var padded = NewName();
        var page = new byte[4096];
        image.CopyTo(page, 0);
        Segments.WriteRaw(padded, page);
        using var paddedArray = SharedArray.Attach<long>(padded, [4]);
        Assert.Throws<NotSupportedException>(() => paddedArray.Version);
    }

    [SyncFact]
    public void Sync_members_of_a_disposed_array_throw_ObjectDisposedException()
    {
        var array = NewArray(out _);
        Assert.Equal(0, array.Version);
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => array.Version);
        Assert.Throws<ObjectDisposedException>(() => array.Publish());
        Assert.Throws<ObjectDisposedException>(() => array.ReadConsistent(new long[64]));
    }

    [SyncFact]
    public void Inspect_reports_the_version_the_write_in_progress_and_the_locks_held()
    {
        using var array = NewArray(out var name);
        array.Publish();
        var info = SharedMemory.Inspect(name);
        Assert.True(info.HasSyncBlock);
        Assert.Equal(1, info.Version);
        Assert.False(info.WriteInProgress);
        Assert.False(info.WriteLockHeld);
        Assert.Equal("none", info.ReaderWriterLock);
        using (array.BeginWrite())
        using (array.AcquireShared(TimeSpan.FromSeconds(30)))
        {
            info = SharedMemory.Inspect(name);
            Assert.True(info.WriteInProgress);
            Assert.True(info.WriteLockHeld);
            Assert.False(info.WriteAbandoned);
            Assert.Equal("shared", info.ReaderWriterLock);
        }
        using (array.AcquireExclusive(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal("exclusive", SharedMemory.Inspect(name).ReaderWriterLock);
        }
        Assert.Equal(2, SharedMemory.Inspect(name).Version);
    }

    [LinuxFact("reads the segment's bytes through its file in /dev/shm")]
    public void The_sync_block_follows_the_data_at_the_next_64_byte_boundary_and_leaves_header_and_data_as_cdxcore_has_them()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [5], [1.5, 2.5, 3.5, 4.5, 5.5]);
        var bytes = Segments.ReadBytes(name);
        // Header (16 bytes), padding to 64, 40 bytes of data, padding to 128, then 128 bytes of sync block.
        Assert.Equal(128 + 128, bytes.Length);
        Assert.Equal(ExpectedHeader.Bytes(10, [5]), bytes[..16]);
        Assert.All(bytes[16..64], b => Assert.Equal(0, b));
        Assert.Equal(MemoryMarshal.AsBytes<double>([1.5, 2.5, 3.5, 4.5, 5.5]).ToArray(), bytes[64..104]);
        Assert.All(bytes[104..128], b => Assert.Equal(0, b));
        Assert.Equal("STSY"u8.ToArray(), bytes[128..132]);
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, 132));
        // Version, sequence, lock changes, writer pid, waiters, the word lock and the state all zero, then the
        // creator's random nonce (bytes [40, 48) of the block), and nothing else: no C library's mutex bytes live in the block.
        Assert.All(bytes[136..168], b => Assert.Equal(0, b));
        Assert.NotEqual(0UL, BitConverter.ToUInt64(bytes, 168));
        Assert.All(bytes[176..256], b => Assert.Equal(0, b));
        array.Publish();
        var published = Segments.ReadBytes(name);
        Assert.Equal(1L, BitConverter.ToInt64(published, 136));
        Assert.Equal(2u, BitConverter.ToUInt32(published, 144));
        // The word lock (bytes [32, 36) of the block) is free again after the publish, and the rest still zero.
        Assert.Equal(0u, BitConverter.ToUInt32(published, 160));
        Assert.All(published[148..168], b => Assert.Equal(0, b));
        Assert.Equal(bytes[168..176], published[168..176]);
        Assert.All(published[176..256], b => Assert.Equal(0, b));
        Assert.Equal(256, SharedMemory.Inspect(name).SegmentBytes);
    }
}
