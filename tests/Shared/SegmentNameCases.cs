namespace SharedTyped.TestCases;

/// <summary>
/// The one table of segment names that both the runtime's tests and the analyzers' tests run: every
/// name here is refused, or accepted, by both alike (the rule is one source file compiled into each).
/// Linked into tests/SharedTyped.Reliability.Tests and tests/SharedTyped.Generator.Tests.
/// </summary>
internal static class SegmentNameCases
{
    /// <summary>Names both refuse, and why.</summary>
    public static readonly (string Name, string Why)[] Invalid =
    [
        ("", "empty"),
        ("a/b", "a slash"),
        ("a\\b", "a backslash"),
        ("a\0b", "a NUL"),
        (".hidden", "a leading dot"),
        ("a..b", "two dots"),
        ("x\uD800", "a lone high surrogate"),
        ("x\uDC00", "a lone low surrogate"),
        ("\uDC00\uD800", "a reversed pair"),
        ("\uD83D\uDE00\uD83D", "a pair followed by a lone half"),
        (new string('x', 256), "256 bytes"),
        (string.Concat(Enumerable.Repeat("\u00E9", 128)), "256 bytes of two-byte characters"),
    ];

    /// <summary>Names both accept (each at most 30 bytes, so macOS accepts them too).</summary>
    public static readonly string[] Valid =
    [
        "prices",
        "my-array_1.v2",
        "a.b.c",
        "x",
        "smile-\uD83D\uDE00",
        new string('x', 30),
    ];

    /// <summary>A C# string literal for <paramref name="name"/>, every character outside printable ASCII escaped.</summary>
    public static string Literal(string name) =>
        "\"" + string.Concat(name.Select(c => c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";
}
