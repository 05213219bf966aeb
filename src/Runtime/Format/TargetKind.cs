namespace SharedTyped;

/// <summary>What a path names, looked at without following a symbolic link: what a save may replace.</summary>
internal static unsafe class TargetKind
{
    public enum Kind
    {
        None,
        Regular,
        Directory,
        SymbolicLink,
        Fifo,
        Socket,
        CharacterDevice,
        BlockDevice,
        Other,
    }

    public static Kind Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            Libc.StatxBuffer status;
            if (Libc.Statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &status) != 0)
            {
                return Kind.None;
            }
            return (status.Mode & 0xF000) switch
            {
                0x8000 => Kind.Regular,
                0x4000 => Kind.Directory,
                0xA000 => Kind.SymbolicLink,
                0x1000 => Kind.Fifo,
                0xC000 => Kind.Socket,
                0x2000 => Kind.CharacterDevice,
                0x6000 => Kind.BlockDevice,
                _ => Kind.Other,
            };
        }
        var info = new FileInfo(path);
        return info.LinkTarget is not null ? Kind.SymbolicLink
            : Directory.Exists(path) ? Kind.Directory
            : info.Exists ? Kind.Regular
            : Kind.None;
    }

    public static string Describe(Kind kind) => kind switch
    {
        Kind.Fifo => "a FIFO",
        Kind.Socket => "a socket",
        Kind.CharacterDevice => "a character device",
        Kind.BlockDevice => "a block device",
        _ => "a special file",
    };
}
