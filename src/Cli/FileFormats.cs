namespace SharedTyped.Cli;

/// <summary>The two file formats the tool reads and writes.</summary>
internal enum FileFormat
{
    /// <summary>cdxcore's <c>npio.to_file</c>: the segment header, then the elements.</summary>
    ToFile,

    /// <summary>numpy's <c>.npy</c>.</summary>
    Npy,
}

internal static class FileFormats
{
    public static string Name(FileFormat format) => format == FileFormat.Npy ? "npy" : "to_file";

    /// <summary>A file is <c>.npy</c> when it starts with numpy's magic string, whatever its name; anything else is read as <c>to_file</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">The path is a directory.</exception>
    public static FileFormat Detect(string path, string name)
    {
        Span<byte> start = stackalloc byte[6];
        using var file = DataFile.OpenForReading(path, $"Cannot load shared array '{name}'");
        var read = RandomAccess.Read(file, start, 0);
        return read == 6 && start.SequenceEqual(NpyHeader.Magic) ? FileFormat.Npy : FileFormat.ToFile;
    }
}
