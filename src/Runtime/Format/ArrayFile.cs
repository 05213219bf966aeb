using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>cdxcore's <c>npio.to_file</c> format: the segment header without padding, then the elements.</summary>
internal static unsafe class ArrayFile
{
    /// <summary>An open <c>to_file</c> file with its header read and checked against the file's length.</summary>
    public sealed class Reader : IDisposable
    {
        public Reader(string path, string name)
        {
            Path = path;
            try
            {
                Handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            }
            catch (FileNotFoundException e)
            {
                throw new FileNotFoundException($"Cannot load shared array '{name}': file '{path}' does not exist.", path, e);
            }
            try
            {
                var length = RandomAccess.GetLength(Handle);
                var prefix = new byte[(int)Math.Min(SegmentLayout.MaxHeaderBytes, length)];
                var read = 0;
                while (read < prefix.Length)
                {
                    var n = RandomAccess.Read(Handle, prefix.AsSpan(read), read);
                    if (n <= 0) break;
                    read += n;
                }
                Layout = SegmentLayout.Parse(prefix.AsSpan(0, read), length, $"File '{path}' (for shared array '{name}')", isFile: true);
            }
            catch
            {
                Handle.Dispose();
                throw;
            }
        }

        public string Path { get; }

        public SafeFileHandle Handle { get; }

        public SegmentLayout Layout { get; }

        public void Dispose() => Handle.Dispose();
    }

    /// <summary>
    /// Writes next to <paramref name="path"/> and renames into place, so a reader never finds half a
    /// file and a failed save leaves an older file as it was.
    /// </summary>
    public static void Save(SegmentMapping mapping, string name, string path, ActivityLog log)
    {
        var layout = mapping.Layout;
        var full = System.IO.Path.GetFullPath(path);
        var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                file.Write(layout.FileHeader());
                var data = mapping.Address + layout.DataOffset;
                const int chunk = 16 << 20;
                for (long done = 0; done < layout.DataBytes; done += chunk)
                {
                    file.Write(new ReadOnlySpan<byte>(data + done, (int)Math.Min(chunk, layout.DataBytes - done)));
                }
                file.Flush(flushToDisk: false);
            }
            File.Move(temporary, full, overwrite: true);
            log.Saved(name, full);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
