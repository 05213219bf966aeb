using System.Runtime.InteropServices;

namespace SharedTyped.Flight;

/// <summary>
/// Who owns a directory and who else may enter it, as the kernel says (<c>statx</c> without following a
/// final symlink): the one platform fact the default Unix-socket listener rests on.
/// </summary>
internal static unsafe partial class OwnerCheck
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint TypeMask = 0xF000, DirectoryType = 0x4000, SocketType = 0xC000;

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUser => GetEuid();

    /// <summary>The owner, the type-and-mode word, or null when <paramref name="path"/> does not exist.</summary>
    public static (uint Owner, uint Mode)? Stat(string path)
    {
        // struct statx is the same on every architecture: stx_uid at byte 20, stx_mode (16 bits) at byte 28.
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == 2 ? null : throw new IOException($"Cannot inspect '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
        return (*(uint*)(buffer + 20), *(ushort*)(buffer + 28));
    }

    public static bool IsDirectory(uint mode) => (mode & TypeMask) == DirectoryType;

    public static bool IsSocket(uint mode) => (mode & TypeMask) == SocketType;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
