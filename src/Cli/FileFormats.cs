namespace SharedTyped.Cli;

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

/// <summary>How the tool names the library's file formats in its output.</summary>
internal static class FileFormats
{
    public static string Name(DataFileFormat format) => format switch
    {
        DataFileFormat.Npy => "npy",
        DataFileFormat.Npz => "npz",
        _ => "to_file",
    };
}
