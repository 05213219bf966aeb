using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>Opens the files <c>Load</c> reads without ever blocking in <c>open</c>.</summary>
internal static unsafe class LinuxDataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading if it is a regular file. <c>O_NONBLOCK</c> makes the
    /// open of a FIFO with no writer return at once instead of waiting for one for ever; the type is
    /// then checked on the descriptor itself, so nothing can be swapped in between a look and the open.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    /// <exception cref="SharedArrayFormatException">A directory, FIFO, socket or device.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static SafeFileHandle OpenRegular(string path, string action)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Libc.Errno;
            throw errno switch
            {
                Libc.ENOENT => new FileNotFoundException($"{action}: file '{path}' does not exist.", path),
                Libc.EACCES or Libc.EPERM => new UnauthorizedAccessException($"{action}: permission denied reading '{path}'."),
                _ => new IOException($"{action}: cannot open '{path}': {Libc.Describe(errno)}."),
            };
        }
        Libc.StatxBuffer status;
        if (Libc.Statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &status) != 0 || !status.IsRegularFile)
        {
            Libc.Close(fd);
            throw (status.Mode & 0xF000) == 0x4000
                ? new SharedArrayFormatException($"{action}: '{path}' is a directory, not a file.")
                : new SharedArrayFormatException($"{action}: '{path}' is not a regular file (a FIFO, socket or device); only a regular file can be loaded.");
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
