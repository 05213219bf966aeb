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
            Handle = DataFile.OpenForReading(path, $"Cannot load shared array '{name}'");
            try
            {
                long length;
                try
                {
                    length = RandomAccess.GetLength(Handle);
                }
                catch (NotSupportedException e)
                {
                    // A pipe or socket: its length cannot be checked against the header before copying.
                    throw new SharedArrayFormatException(
                        $"File '{path}' (for shared array '{name}') is not a regular file; Load needs a file whose length it can check.", e);
                }
                var prefix = new byte[(int)Math.Min(SegmentLayout.MaxHeaderBytes, length)];
                var read = 0;
                while (read < prefix.Length)
                {
                    var n = RandomAccess.Read(Handle, prefix.AsSpan(read), read);
                    if (n <= 0) break;
                    read += n;
                }
                if (NpzArchive.IsZip(prefix.AsSpan(0, read)))
                {
                    // Not a header whose length is 1347093252 ("PK\x03\x04"): say what it is and how to load from it.
                    throw NpzArchive.NameAMember(path, HeaderSubject.File(path, name).ToString());
                }
                Layout = SegmentLayout.Parse(prefix.AsSpan(0, read), length, HeaderSubject.File(path, name), isFile: true);
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
    public static void Save(SegmentMapping mapping, string name, string path, SaveOptions options, ActivityLog log)
    {
        var layout = mapping.Layout;
        if (options.TimeUnit is { } unit)
        {
            throw new ArgumentException(
                $"Shared array '{name}' ({DTypeCodes.Name(layout.Code)}, shape {Describe.Shape(layout.Shape)}): a time unit ('{unit}') is written only to a .npy file (SaveNpy); a to_file header records none.",
                nameof(options));
        }
        using var target = new DataFile.Replacement(path, name, options.Overwrite);
        var file = target.Stream;
        file.Write(layout.FileHeader());
        var data = mapping.Address + layout.DataOffset;
        const int chunk = 16 << 20;
        for (long done = 0; done < layout.DataBytes; done += chunk)
        {
            file.Write(new ReadOnlySpan<byte>(data + done, (int)Math.Min(chunk, layout.DataBytes - done)));
        }
        file.Flush(flushToDisk: false);
        target.Commit();
        log.Saved(name, target.FullPath);
    }
}
