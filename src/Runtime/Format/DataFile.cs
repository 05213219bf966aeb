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
    /// A file written beside its target and renamed into place by <see cref="Commit"/>, so a reader never finds half a
    /// file and a failed save leaves an older file as it was; disposing without committing removes the temporary file.
    /// </summary>
    public sealed class Replacement : IDisposable
    {
        private readonly string _temporary;
        private readonly string _action;
        private bool _committed;

        /// <summary>Creates the temporary file beside <paramref name="path"/> for shared array <paramref name="name"/>.</summary>
        /// <exception cref="DirectoryNotFoundException">The target's directory does not exist.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to create a file in the target's directory.</exception>
        /// <exception cref="IOException">The target is a directory.</exception>
        public Replacement(string path, string name)
        {
            FullPath = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(FullPath)!;
            _action = $"Cannot save shared array '{name}' to '{FullPath}'";
            if (Directory.Exists(FullPath))
            {
                throw new IOException($"{_action}: it is a directory.");
            }
            _temporary = Path.Combine(directory, $".{Path.GetFileName(FullPath)}.{Guid.NewGuid():N}.tmp");
            try
            {
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

        /// <summary>Closes the temporary file and renames it to the target, replacing any file there.</summary>
        public void Commit()
        {
            Stream.Dispose();
            try
            {
                File.Move(_temporary, FullPath, overwrite: true);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException($"{_action}: permission denied replacing it.", e);
            }
            _committed = true;
        }

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
