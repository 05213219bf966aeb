namespace SharedTyped;

/// <summary>
/// What a header belongs to, for the message of a refused one: a segment, a file loaded into a
/// segment, or a caller's own words. Kept as its parts and put into words only when a header is
/// refused, so that a good attach or load formats nothing.
/// </summary>
internal readonly struct HeaderSubject
{
    private readonly string? _file;
    private readonly string _name;
    private readonly string? _text;

    private HeaderSubject(string? file, string name, string? text)
    {
        _file = file;
        _name = name;
        _text = text;
    }

    /// <summary>The segment of shared array <paramref name="name"/>.</summary>
    public static HeaderSubject Segment(string name) => new(null, name, null);

    /// <summary>The file <paramref name="path"/>, loaded for shared array <paramref name="name"/>.</summary>
    public static HeaderSubject File(string path, string name) => new(path, name, null);

    public static implicit operator HeaderSubject(string text) => new(null, "", text);

    public override string ToString() =>
        _text ?? (_file is null ? $"Shared array '{_name}'" : $"File '{_file}' (for shared array '{_name}')");
}
