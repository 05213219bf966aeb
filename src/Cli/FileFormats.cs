namespace SharedTyped.Cli;

/// <summary>The two file formats the tool reads and writes.</summary>
internal enum FileFormat
{
    /// <summary>cdxcore's <c>npio.to_file</c>: the segment header, then the elements.</summary>
    ToFile,

    /// <summary>numpy's <c>.npy</c>.</summary>
    Npy,

    /// <summary>numpy's <c>.npz</c>: a zip of <c>.npy</c> files, one of which is loaded (<c>FILE.npz:MEMBER</c>).</summary>
    Npz,
}

/// <summary>A file as given on the command line: <c>FILE</c>, or <c>ARCHIVE.npz:MEMBER</c> for one array of a <c>.npz</c>.</summary>
internal sealed record FileArgument(string Path, string? Member)
{
    /// <summary>Shown in messages as typed.</summary>
    public override string ToString() => Member is null ? Path : $"{Path}:{Member}";

    /// <summary>An existing file is taken as it is (names may contain ':'); otherwise a trailing <c>:MEMBER</c> picks a member.</summary>
    public static FileArgument Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        return !File.Exists(text) && colon > 0 && colon < text.Length - 1 && File.Exists(text[..colon])
            ? new FileArgument(text[..colon], text[(colon + 1)..])
            : new FileArgument(text, null);
    }
}

internal static class FileFormats
{
    public static string Name(FileFormat format) => format switch
    {
        FileFormat.Npy => "npy",
        FileFormat.Npz => "npz",
        _ => "to_file",
    };

    /// <summary>
    /// A file is <c>.npy</c> when it starts with numpy's magic string and <c>.npz</c> when it starts as a zip does, whatever
    /// its name; anything else is read as <c>to_file</c>.
    /// </summary>
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
        return read == 6 && start.SequenceEqual(NpyHeader.Magic) ? FileFormat.Npy
            : read >= 4 && start[0] == (byte)'P' && start[1] == (byte)'K' ? FileFormat.Npz
            : FileFormat.ToFile;
    }
}
