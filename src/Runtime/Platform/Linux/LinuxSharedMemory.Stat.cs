namespace SharedTyped;

internal sealed unsafe partial class LinuxSharedMemory
{
    public string? SegmentDirectory(string? directory) => ResolveDirectory(directory);

    public IReadOnlyList<SystemTool> LastProcessOutTools() => LastProcessOutWatcher.RequiredTools();

    /// <summary>A <c>statx</c> of the entry itself (a link is not followed), and the shared flocks on its inode.</summary>
    public SegmentStat? Stat(string name, string? directory)
    {
        var path = Locate(name, directory);
        Libc.StatxBuffer status;
        if (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            var errno = Libc.Errno;
            if (errno is Libc.ENOENT)
            {
                return null;
            }
            throw new IOException($"Shared array '{name}': cannot stat '{path}': {Libc.Describe(errno)}.");
        }
        return new SegmentStat(name, path, (long)status.Size, status.Uid, status.Mode & 0xFFF, status.IsRegularFile,
            FlockHolders(status.DevMajor, status.DevMinor, status.Inode));
    }

    /// <summary>
    /// The processes holding a shared flock on the inode, which is how <see cref="SegmentLifetime.LastProcessOut"/>
    /// counts holders (docs/guarantees.md); the watcher process holds none. Empty when <c>/proc/locks</c> cannot be read.
    /// </summary>
    private static IReadOnlyList<int> FlockHolders(uint major, uint minor, ulong inode) =>
        [.. ProcLocks.On(major, minor, inode).Where(l => !l.Exclusive && !l.Waiting).Select(l => l.Pid).ToHashSet().Order()];
}
