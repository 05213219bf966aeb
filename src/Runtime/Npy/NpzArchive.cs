using System.IO.Compression;

namespace SharedTyped;

/// <summary>
/// numpy's <c>.npz</c>: a zip archive of <c>.npy</c> files, one per array (<c>np.savez</c> stores them,
/// <c>np.savez_compressed</c> deflates them). This finds one member and streams it; loading it is the <c>.npy</c> path.
/// </summary>
internal static class NpzArchive
{
    /// <summary>A zip file starts with a local file header, or is an empty archive's end record.</summary>
    public static bool IsZip(ReadOnlySpan<byte> start) =>
        start.Length >= 4 && start[0] == (byte)'P' && start[1] == (byte)'K' && ((start[2] == 3 && start[3] == 4) || (start[2] == 5 && start[3] == 6));

    /// <summary>The arrays in the archive, as numpy names them (<c>np.load(f).files</c>): member names without <c>.npy</c>.</summary>
    public static IReadOnlyList<string> Members(string path, string action)
    {
        using var archive = Open(path, action);
        return Names(archive);
    }

    /// <summary>The bytes of member <paramref name="member"/> (<c>a</c> or <c>a.npy</c>), streamed from the archive.</summary>
    /// <exception cref="FileNotFoundException">The archive has no such member; the message names those it has.</exception>
    public static NpyBytes OpenMember(string path, string member, string action)
    {
        var archive = Open(path, action);
        try
        {
            var entry = archive.GetEntry(member.EndsWith(".npy", StringComparison.Ordinal) ? member : member + ".npy") ?? archive.GetEntry(member)
                ?? throw new FileNotFoundException($"{action}: archive '{path}' has no member '{member}'; it holds {List(Names(archive))}.", path);
            return new NpyBytes.StreamBytes(entry.Open(), entry.Length, archive);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>The refusal of a <c>.npz</c> given where one array is meant: which arrays it holds, and how to pick one.</summary>
    public static SharedArrayFormatException NameAMember(string path, string subject)
    {
        var names = Members(path, subject);
        var example = names.Count > 0 ? names[0] : "member";
        return new SharedArrayFormatException(
            $"{subject} is a .npz archive holding {List(names)}; name the one to load: NpyFile.LoadMember(path, \"{example}\", name), " +
            $"or on the command line {path}:{example}.");
    }

    private static ZipArchive Open(string path, string action)
    {
        var stream = new FileStream(DataFile.OpenForReading(path, action), FileAccess.Read);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new SharedArrayFormatException($"{action}: '{path}' is not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private static List<string> Names(ZipArchive archive) =>
        archive.Entries.Select(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName).ToList();

    private static string List(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "no arrays",
        1 => $"1 array: '{names[0]}'",
        _ => $"{names.Count} arrays: {string.Join(", ", names.Select(n => $"'{n}'"))}",
    };
}
