using System.Runtime.InteropServices;
using System.Text;

namespace SharedTyped;

/// <summary>
/// inotify(7) on the shared-memory directory, filtered to one name. A segment SharedTyped creates
/// appears whole under its name by link(2) (IN_CREATE) or, replacing one with Force, rename(2)
/// (IN_MOVED_TO); the hidden file it was built in has no name or a dot name, which no segment name
/// matches. IN_CLOSE_WRITE and IN_MODIFY report a producer that builds in place (cdxcore, numpy).
/// </summary>
internal sealed unsafe partial class LinuxNameWatch : INameWatch
{
    private const int InNonBlock = 0x800;
    private const int InCloExec = 0x80000;
    private const uint InModify = 0x2;
    private const uint InAttrib = 0x4;
    private const uint InCloseWrite = 0x8;
    private const uint InMovedTo = 0x80;
    private const uint InCreate = 0x100;
    private const uint InDeleteSelf = 0x400;
    private const uint InMoveSelf = 0x800;
    private const uint InOnlyDir = 0x01000000;
    private const uint InQueueOverflow = 0x4000;
    private const uint InIgnored = 0x8000;
    private const short PollIn = 1;

    private readonly int _fd;
    private readonly byte[] _name;
    private readonly string _directory;
    private readonly string _subject;

    private LinuxNameWatch(int fd, string name, string directory, string subject)
    {
        _fd = fd;
        _name = Encoding.UTF8.GetBytes(name);
        _directory = directory;
        _subject = subject;
    }

    public static LinuxNameWatch Start(string name, string directory, string subject)
    {
        var fd = InotifyInit(InNonBlock | InCloExec);
        if (fd < 0)
        {
            throw new IOException($"{subject}: cannot watch '{directory}' for its creation: inotify_init1 failed: {Libc.Describe(Libc.Errno)}.");
        }
        if (InotifyAddWatch(fd, directory, InCreate | InMovedTo | InCloseWrite | InModify | InAttrib | InDeleteSelf | InMoveSelf | InOnlyDir) < 0)
        {
            var errno = Libc.Errno;
            Libc.Close(fd);
            throw errno == Libc.ENOENT
                ? new DirectoryNotFoundException($"{subject}: the shared-memory directory '{directory}' does not exist.")
                : new IOException($"{subject}: cannot watch '{directory}' for its creation: {Libc.Describe(errno)}.");
        }
        return new LinuxNameWatch(fd, name, directory, subject);
    }

    public bool Wait(TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var left = infinite ? -1 : Math.Max(0, deadline - Environment.TickCount64);
            var poll = new PollFd { Fd = _fd, Events = PollIn };
            var ready = Poll(&poll, 1, (int)Math.Min(left, int.MaxValue));
            if (ready < 0 && Libc.Errno != Libc.EINTR)
            {
                throw new IOException($"{_subject}: waiting for its creation in '{_directory}' failed: {Libc.Describe(Libc.Errno)}.");
            }
            if (ready > 0 && Drain(buffer, 4096))
            {
                return true;
            }
            if (ready == 0 && left == 0)
            {
                return false;
            }
        }
    }

    /// <summary>Reads every queued event; whether one names the watched name (or may have: the queue overflowed).</summary>
    private bool Drain(byte* buffer, int length)
    {
        var named = false;
        while (true)
        {
            var read = Read(_fd, buffer, length);
            if (read <= 0)
            {
                if (read < 0 && Libc.Errno is not (Libc.EAGAIN or Libc.EINTR))
                {
                    throw new IOException($"{_subject}: reading the events of '{_directory}' failed: {Libc.Describe(Libc.Errno)}.");
                }
                return named;
            }
            for (nint at = 0; at < read;)
            {
                // struct inotify_event: int wd; uint32 mask; uint32 cookie; uint32 len; char name[len].
                var mask = *(uint*)(buffer + at + 4);
                var nameLength = *(uint*)(buffer + at + 12);
                var name = new ReadOnlySpan<byte>(buffer + at + 16, (int)nameLength);
                var end = name.IndexOf((byte)0);
                if ((mask & (InDeleteSelf | InMoveSelf | InIgnored)) != 0)
                {
                    throw new IOException($"{_subject}: the shared-memory directory '{_directory}' was removed or moved while waiting for its creation.");
                }
                named |= (mask & InQueueOverflow) != 0 || (end < 0 ? name : name[..end]).SequenceEqual(_name);
                at += 16 + (nint)nameLength;
            }
        }
    }

    public void Dispose() => Libc.Close(_fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc.so.6", EntryPoint = "inotify_init1", SetLastError = true)]
    private static partial int InotifyInit(int flags);

    [LibraryImport("libc.so.6", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport("libc.so.6", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);
}
