using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// The files <c>Load</c> reads and <c>Save</c> writes (<c>.npy</c> and <c>to_file</c>), with failures that name the
/// file the caller gave: never .NET's "Access to the path is denied" for a directory, nor the hidden temporary file.
/// </summary>
internal static class DataFile
{
    /// <summary>Opens <paramref name="path"/> for reading; a missing file or a directory is reported as <c>{action}: …</c>.</summary>
    /// <exception cref="FileNotFoundException">The file (or a directory on its path) does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">The path is a directory.</exception>
    public static SafeFileHandle OpenForReading(string path, string action)
    {
        if (OperatingSystem.IsLinux())
        {
            return LinuxDataFile.OpenRegular(path, action);
        }
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{action}: file '{path}' does not exist.", path, e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            throw new SharedArrayFormatException($"{action}: '{path}' is a directory, not a file.", e);
        }
    }

    /// <summary>
    /// The one way a file is written: beside its target under a hidden temporary name, then put in place by
    /// <see cref="Commit"/>, so a reader never finds half a file and a failed save leaves nothing behind (disposing
    /// without committing removes the temporary file). Only a regular file is ever replaced, and only when the
    /// caller asked (<see cref="SaveOptions.Overwrite"/>); a symbolic link, directory, FIFO, socket or device at the
    /// path is refused before anything is written, and again just before the rename. The write never goes through
    /// the target's path: the rename replaces the directory entry, so whatever is swapped in meanwhile loses at most
    /// its name, never its contents (a device or a link's target is never written).
    /// </summary>
    public sealed class Replacement : IDisposable
    {
        private readonly string _temporary;
        private readonly string _action;
        private readonly bool _overwrite;
        private bool _committed;

        /// <summary>Checks the target and creates the temporary file beside <paramref name="path"/> for shared array <paramref name="name"/>.</summary>
        /// <exception cref="SharedArrayFileExistsException">A regular file is there and <paramref name="overwrite"/> is off.</exception>
        /// <exception cref="IOException">A directory, link, FIFO, socket or device is there.</exception>
        /// <exception cref="DirectoryNotFoundException">The target's directory does not exist.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to create a file in the target's directory.</exception>
        public Replacement(string path, string name, bool overwrite)
        {
            ArgumentNullException.ThrowIfNull(path);
            FullPath = Path.GetFullPath(path);
            _overwrite = overwrite;
            var directory = Path.GetDirectoryName(FullPath)!;
            _action = $"Cannot save shared array '{name}' to '{FullPath}'";
            CheckTarget();
            _temporary = Path.Combine(directory, $".{Path.GetFileName(FullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
                // CreateNew is O_CREAT|O_EXCL: it never opens an existing file or follows a link put at the temporary name.
                Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new DirectoryNotFoundException($"{_action}: the directory '{directory}' does not exist.", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException($"{_action}: permission denied creating a file in '{directory}'.", e);
            }
        }

        /// <summary>The target, as an absolute path.</summary>
        public string FullPath { get; }

        /// <summary>The temporary file, to write the contents to.</summary>
        public FileStream Stream { get; }

        /// <summary>
        /// Closes the temporary file and puts it in place: renamed over a regular file when overwriting, else renamed
        /// to the target's name only if the name is free (one atomic step, no check-then-act).
        /// </summary>
        public void Commit()
        {
            Stream.Dispose();
            if (_overwrite)
            {
                CheckTarget();
                try
                {
                    File.Move(_temporary, FullPath, overwrite: true);
                }
                catch (UnauthorizedAccessException e)
                {
                    throw new UnauthorizedAccessException($"{_action}: permission denied replacing it.", e);
                }
            }
            else
            {
                PlaceIfFree();
            }
            _committed = true;
        }

        /// <summary>Renames the temporary file to the target's name only if nothing is there (one atomic step).</summary>
        private void PlaceIfFree()
        {
            if (!OperatingSystem.IsLinux())
            {
                try
                {
                    File.Move(_temporary, FullPath, overwrite: false);
                }
                catch (IOException) when (File.Exists(FullPath) || Directory.Exists(FullPath))
                {
                    CheckTarget();
                    throw;
                }
                return;
            }
            if (!RenameIfFree())
            {
                var errno = Libc.Errno;
                if (errno == Libc.EEXIST)
                {
                    // Something appeared since the first look: say what, as that look would have.
                    CheckTarget();
                    throw Exists();
                }
                throw errno is Libc.EACCES or Libc.EPERM
                    ? new UnauthorizedAccessException($"{_action}: permission denied creating it.")
                    : new IOException($"{_action}: cannot create it: {Libc.Describe(errno)}.");
            }
        }

        /// <summary>
        /// <c>renameat2(RENAME_NOREPLACE)</c>; where the file system lacks the flag, <c>link</c> then <c>unlink</c>, which
        /// is just as atomic about the name. False with errno set when the name is taken or the call failed.
        /// </summary>
        private bool RenameIfFree()
        {
            if (Libc.RenameAt2(Libc.AT_FDCWD, _temporary, Libc.AT_FDCWD, FullPath, Libc.RENAME_NOREPLACE) == 0)
            {
                return true;
            }
            if (Libc.Errno is not (Libc.EINVAL or Libc.ENOSYS or Libc.EOPNOTSUPP))
            {
                return false;
            }
            if (Libc.Link(_temporary, FullPath) != 0)
            {
                return false;
            }
            Libc.Unlink(_temporary);
            return true;
        }

        /// <summary>Refuses whatever is at the target that may not be replaced; nothing there is fine.</summary>
        private void CheckTarget()
        {
            var kind = TargetKind.Of(FullPath);
            switch (kind)
            {
                case TargetKind.Kind.None:
                    return;
                case TargetKind.Kind.Regular when _overwrite:
                    return;
                case TargetKind.Kind.Regular:
                    throw Exists();
                case TargetKind.Kind.Directory:
                    throw new IOException($"{_action}: it is a directory.");
                case TargetKind.Kind.SymbolicLink:
                    throw new IOException(
                        $"{_action}: it is a symbolic link, which a save never replaces (nor writes through); save to the path it points to, or remove the link first.");
                default:
                    throw new IOException(
                        $"{_action}: it is {TargetKind.Describe(kind)}, not a regular file; a save writes and replaces regular files only.");
            }
        }

        private SharedArrayFileExistsException Exists() =>
            new($"{_action}: a file is already there; set SaveOptions.Overwrite to replace it.", FullPath);

        public void Dispose()
        {
            if (_committed)
            {
                return;
            }
            Stream.Dispose();
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the failure that brought us here is the one to report.
            }
        }
    }
}
