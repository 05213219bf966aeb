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
    /// <exception cref="CliFailure">The file does not exist, or is a directory.</exception>
    public static FileFormat Detect(string path, string name)
    {
        if (Directory.Exists(path))
        {
            throw new CliFailure(ExitCode.Invalid, $"Cannot load shared array '{name}': '{path}' is a directory, not a file.");
        }
        Span<byte> start = stackalloc byte[6];
        int read;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            read = RandomAccess.Read(file, start, 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliFailure(ExitCode.NotFound, $"Cannot load shared array '{name}': file '{path}' does not exist.");
        }
        return read == 6 && start.SequenceEqual(NpyHeader.Magic) ? FileFormat.Npy : FileFormat.ToFile;
    }
}
