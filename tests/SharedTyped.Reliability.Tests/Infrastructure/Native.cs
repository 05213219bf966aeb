using System.Runtime.InteropServices;

namespace SharedTyped.Reliability.Tests;

/// <summary>The few libc calls the tests make themselves to set up hostile or unusual conditions.</summary>
internal static partial class Native
{
    [LibraryImport("libc.so.6", EntryPoint = "umask")]
    public static partial uint Umask(uint mask);

    [LibraryImport("libc.so.6", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, int owner, int group);

    [LibraryImport("libc.so.6", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkNod(string path, uint mode, ulong device);

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The inode number of <paramref name="path"/> (statx: one layout on every architecture).</summary>
    public static unsafe ulong Inode(string path)
    {
        var buffer = stackalloc byte[256];
        Assert.Equal(0, Statx(-100 /* AT_FDCWD */, path, 0x100 /* AT_SYMLINK_NOFOLLOW */, 0x7ff, buffer));
        return *(ulong*)(buffer + 32);
    }

    /// <summary>The inode number of what <paramref name="path"/> leads to (symbolic links followed: a <c>/proc/self/fd</c> entry gives its file's), or null when it cannot be looked at.</summary>
    public static unsafe ulong? InodeFollowing(string path)
    {
        var buffer = stackalloc byte[256];
        return Statx(-100 /* AT_FDCWD */, path, 0, 0x7ff, buffer) == 0 ? *(ulong*)(buffer + 32) : null;
    }

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>
    /// Gives <paramref name="path"/> to another user. As root a failure fails the test: a test that
    /// cannot set up the hostile owner it checks must never pass without having checked it.
    /// </summary>
    public static void ChownOrFail(string path, int owner, int group)
    {
        RootFactAttribute.RequireRoot($"chown '{path}' to {owner}");
        if (Chown(path, owner, group) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Assert.Fail($"chown '{path}' to {owner}:{group} failed as root: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}); " +
                "the foreign-owner guarantee cannot be checked, so this is a failure, not a skip.");
        }
    }
}
