using System.Diagnostics;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// The sync block's protocol (docs/format.md, "The sync block") against hostile and stopped peers:
/// whatever a peer writes into the block, no member aborts the process or waits past its timeout; a
/// stopped holder makes the others time out; versions never wrap; the Python module's constants are
/// the runtime's.
/// </summary>
public sealed class SyncProtocolTests : SyncTest
{
    /// <summary>Bytes [8, 128) of the sync block, as offsets into the segment file.</summary>
    private static long BlockOffset(string name) => SharedMemory.Inspect(name).SegmentBytes - SyncBlock.Length;

    private static void WriteBlock(string name, int offset, ReadOnlySpan<byte> bytes)
    {
        using SafeFileHandle file = File.OpenHandle(Segments.PathOf(name), FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(file, bytes, BlockOffset(name) + offset);
    }

    private static ChildProcess StartStopped()
    {
        var sleeper = ChildProcess.Start("sleep", ["300"]);
        Signal(sleeper.Id, "STOP");
        return sleeper;
    }

    /// <summary>
    /// The exception <paramref name="call"/> ended with, after checking it ended at all: a wait for the
    /// task itself that timed out would throw a <see cref="TimeoutException"/> of its own.
    /// </summary>
    private static T Ends<T>(Task call) where T : Exception
    {
        Assert.True(((IAsyncResult)call).AsyncWaitHandle.WaitOne(ChildProcess.Timeout), "The call hung past its timeout.");
        return Assert.IsType<T>(call.Exception?.InnerException);
    }

    private static void Signal(int pid, string signal) =>
        Assert.Equal(0, ChildProcess.Run("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);

    [LinuxFact("a Python peer holds the word lock and a process is stopped with SIGSTOP; the Windows leg has no Windows Python and Windows has no SIGSTOP")]
    public void A_stopped_word_lock_holder_makes_publish_and_begin_write_time_out_naming_the_array()
    {
        using var array = NewArray(out var name);
        using var holder = Child.Python("hold-word", name);
        holder.Expect("ready");
        holder.Expect("held");
        Signal(holder.ProcessId, "STOP");
        try
        {
            var publish = Task.Run(() => array.Publish(TimeSpan.FromMilliseconds(300)));
            var error = Ends<TimeoutException>(publish);
            Assert.Contains(name, error.Message);
            Assert.Contains($"process {holder.ProcessId}", error.Message);
            var write = Task.Run(() => array.BeginWrite(TimeSpan.FromMilliseconds(300)));
            error = Ends<TimeoutException>(write);
            Assert.Contains(name, error.Message);
            Assert.Equal(0, array.Version);
            // The write lock went with the failed scope: nothing is marked, and the next writer gets it.
            Assert.False(SharedMemory.Inspect(name).WriteInProgress);
        }
        finally
        {
            holder.Kill();
        }
        Assert.Equal(1, array.Publish(TimeSpan.FromSeconds(30)));
    }

    [LinuxFact("the writer is stopped with SIGSTOP, which Windows has not")]
    public void A_stopped_writer_makes_read_consistent_with_a_timeout_time_out_naming_the_array()
    {
        using var array = NewArray(out var name);
        using var writer = Child.DotNet("die-in-write", name);
        Assert.Equal("0", writer.Expect("writing"));
        Signal(writer.ProcessId, "STOP");
        try
        {
            var read = Task.Run(() => array.ReadConsistent(new long[64], TimeSpan.FromMilliseconds(300)));
            var error = Ends<TimeoutException>(read);
            Assert.Contains(name, error.Message);
        }
        finally
        {
            writer.Kill();
        }
        Assert.Throws<SharedArrayTornException>(() => array.ReadConsistent(new long[64], TimeSpan.FromSeconds(30)));
    }

    [LinuxFact("writes the sync block through the segment's file in /dev/shm, and a Python peer publishes")]
    public void Versions_never_wrap_a_publish_at_the_last_version_throws_naming_the_array_and_changes_nothing()
    {
        using var array = NewArray(out var name);
        WriteBlock(name, SyncBlock.VersionOffset, BitConverter.GetBytes(long.MaxValue));
        var error = Assert.Throws<InvalidOperationException>(() => array.Publish());
        Assert.Contains(name, error.Message);
        Assert.Contains(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Throws<InvalidOperationException>(() => array.BeginWrite(TimeSpan.FromSeconds(30)));
        Assert.Equal(long.MaxValue, array.Version);
        Assert.False(SharedMemory.Inspect(name).WriteInProgress);

        using var python = Child.Python("bump", name, "1");
        python.Expect("ready");
        python.WaitForExit();
        Assert.Equal(long.MaxValue, array.Version);
    }

    [LinuxFact("writes the sync block through the segment's file in /dev/shm")]
    public void A_negative_version_a_peer_wrote_is_refused_by_publish_as_a_format_error_naming_the_array()
    {
        using var array = NewArray(out var name);
        WriteBlock(name, SyncBlock.VersionOffset, BitConverter.GetBytes(-5L));
        var error = Assert.Throws<SharedArrayFormatException>(() => array.Publish());
        Assert.Contains(name, error.Message);
        Assert.Contains("-5", error.Message);
        Assert.Equal(-5, array.Version);
    }

    [LinuxFact("compares python/sharedtyped.py with Linux's futex and fcntl constants")]
    public void The_python_module_has_the_runtime_s_sync_block_constants()
    {
        var result = Python.Run(InteropScript.PathOf("sync_peer.py"), "constants");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var constants = JsonDocument.Parse(lines[0]);
        using var more = JsonDocument.Parse(lines[1]);
        long Int(string key) => constants.RootElement.GetProperty(key).GetInt64();
        double Seconds(string key) => constants.RootElement.GetProperty(key).GetDouble();
        int Errno(string key) => more.RootElement.GetProperty(key).GetInt32();

        Assert.Equal("STSY", more.RootElement.GetProperty("magic").GetString());
        Assert.Equal(SyncBlock.Length, Int("_SYNC_LENGTH"));
        Assert.Equal(SyncBlock.CurrentLayoutVersion, (uint)Int("_SYNC_LAYOUT_VERSION"));
        Assert.Equal(SyncBlock.VersionOffset, Int("_VERSION_OFFSET"));
        Assert.Equal(SyncBlock.SequenceOffset, Int("_SEQUENCE_OFFSET"));
        Assert.Equal(SyncBlock.LockChangesOffset, Int("_LOCK_CHANGES_OFFSET"));
        Assert.Equal(SyncBlock.WriterPidOffset, Int("_WRITER_PID_OFFSET"));
        Assert.Equal(SyncBlock.WriteLockWaitersOffset, Int("_WRITE_LOCK_WAITERS_OFFSET"));
        Assert.Equal(SyncBlock.WordLockOffset, Int("_WORD_LOCK_OFFSET"));
        Assert.Equal(SyncBlock.StateOffset, Int("_STATE_OFFSET"));
        Assert.Equal(SyncBlock.WordLockSleepers, (uint)Int("_WORD_LOCK_SLEEPERS"));
        Assert.Equal(SyncBlock.RetiredFlag, (uint)Int("_RETIRED_FLAG"));
        Assert.Equal(SyncBlock.WriteLockByte, Int("_WRITE_LOCK_BYTE"));
        Assert.Equal(SyncBlock.ReadWriteLockByte, Int("_READER_WRITER_LOCK_BYTE"));
        Assert.Equal(long.MaxValue, Int("_VERSION_MAX"));
        Assert.Equal(WordLock.Spins, Int("_WORD_LOCK_SPINS"));
        Assert.Equal(SyncRegion.DeadHolderCheck.TotalSeconds, Seconds("_DEAD_HOLDER_CHECK"));
        Assert.Equal(SyncRegion.WordLockPatience.TotalSeconds, Seconds("_WORD_LOCK_PATIENCE"));
        Assert.Equal(Libc.F_OFD_GETLK, Int("_F_OFD_GETLK"));
        Assert.Equal(Libc.F_OFD_SETLK, Int("_F_OFD_SETLK"));
        Assert.Equal(Libc.F_RDLCK, Int("_F_RDLCK"));
        Assert.Equal(Libc.F_WRLCK, Int("_F_WRLCK"));
        Assert.Equal(Libc.F_UNLCK, Int("_F_UNLCK"));
        Assert.Equal(Libc.FUTEX_WAIT, Int("_FUTEX_WAIT"));
        Assert.Equal(Libc.FUTEX_WAKE, Int("_FUTEX_WAKE"));
        Assert.Equal(Libc.SYS_futex, Int("_SYS_FUTEX"));
        Assert.Equal(Libc.EAGAIN, Errno("EAGAIN"));
        Assert.Equal(Libc.EINTR, Errno("EINTR"));
        Assert.Equal(Libc.ETIMEDOUT, Errno("ETIMEDOUT"));
        Assert.Equal(Libc.EACCES, Errno("EACCES"));
        Assert.Equal(Libc.ESRCH, Errno("ESRCH"));
        Assert.Equal(Libc.EPERM, Errno("EPERM"));
    }

    [LinuxFact("Python peers write the patterns while a process stopped with SIGSTOP is named as holder; the Windows leg has neither")]
    public void Ten_thousand_patterns_a_peer_writes_into_the_sync_block_abort_nothing_hang_nothing_and_pass_no_torn_copy()
    {
        using var array = NewArray(out var name);
        using var stopped = StartStopped();
        using var dead = ChildProcess.Start("true", []);
        dead.WaitForExit();
        var pids = string.Join(',', stopped.Id, dead.Id, Environment.ProcessId, 1);
        using var scribbler = Child.Python("scribble", name, "10000", "18", pids);
        using var python = Child.Python("churn", name, "20");
        scribbler.Expect("ready");
        python.Expect("ready");
        var stop = new CancellationTokenSource();
        var slowest = new long[3];
        var torn = 0;
        var calls = 0;
        Exception? unexpected = null;
        var threads = Enumerable.Range(0, 3).Select(role => new Thread(() =>
        {
            var copy = new long[64];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    switch (role)
                    {
                        case 0:
                            using (array.BeginWrite(TimeSpan.FromMilliseconds(200)))
                            {
                                array.AsSpan().Fill(Stamp(array.Version + 1));
                            }
                            break;
                        case 1:
                            array.ReadConsistent(copy, TimeSpan.FromMilliseconds(200));
                            if (copy.Any(v => v != copy[0])) Interlocked.Increment(ref torn);
                            break;
                        default:
                            array.Publish(TimeSpan.FromMilliseconds(200));
                            array.WaitForChange(array.Version, TimeSpan.FromMilliseconds(20), out _);
                            break;
                    }
                }
                catch (Exception e) when (e is TimeoutException or SharedArrayFormatException or SharedArrayTornException
                                              or SharedArrayReplacedException or InvalidOperationException)
                {
                }
                catch (Exception e)
                {
                    unexpected ??= e;
                }
                Interlocked.Increment(ref calls);
                var took = Stopwatch.GetElapsedTime(started).Ticks;
                if (took > Volatile.Read(ref slowest[role])) Volatile.Write(ref slowest[role], took);
            }
        }) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        try
        {
            Assert.Equal("10000", scribbler.Expect("done"));
            var pythonResult = python.Expect("done").Split(' ');
            Assert.Equal("0", pythonResult[2]);
            // A bound far above every timeout (200 ms, plus a dead-holder check): a wait that ignored its
            // timeout would sit on the stopped or the scribbled holder for ever.
            Assert.InRange(double.Parse(pythonResult[4], System.Globalization.CultureInfo.InvariantCulture), 0, 20);
        }
        finally
        {
            stop.Cancel();
            Assert.All(threads, t => Assert.True(t.Join(ChildProcess.Timeout), "A .NET member hung past its timeout."));
            stopped.Kill();
            stopped.WaitForExit();
        }
        Assert.Null(unexpected);
        Assert.Equal(0, torn);
        Assert.True(calls > 0);
        Assert.All(slowest, ticks => Assert.InRange(TimeSpan.FromTicks(ticks).TotalSeconds, 0, 20));
    }
}
