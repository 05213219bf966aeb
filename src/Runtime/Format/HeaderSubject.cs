namespace SharedTyped;

/// <summary>
/// Whose header a message speaks of. A segment's is formatted only when a message is made, so that an
/// attach that finds a good header formats nothing (see SilentPathTests).
/// </summary>
internal readonly struct HeaderSubject
{
    private readonly string? _text;
    private readonly string? _arrayName;

    private HeaderSubject(string? text, string? arrayName)
    {
        _text = text;
        _arrayName = arrayName;
    }

    /// <summary>The segment of shared array <paramref name="name"/>: "Shared array 'name'".</summary>
    public static HeaderSubject Segment(string name) => new(null, name);

    /// <summary>Any subject already spelled out ("File 'x' (for shared array 'y')").</summary>
    public static implicit operator HeaderSubject(string text) => new(text, null);

    public override string ToString() => _text ?? $"Shared array '{_arrayName}'";
}
