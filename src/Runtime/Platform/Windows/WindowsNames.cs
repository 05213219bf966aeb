namespace SharedTyped;

/// <summary>
/// Names on Windows: a segment name may start with <c>Local\</c> (the session's namespace, which a
/// plain name also uses) or <c>Global\</c> (shared by every session: a service and a desktop program),
/// and what follows obeys the rule of every platform (src/Shared/Declarations/SegmentNameRules.cs).
/// </summary>
internal static class WindowsNames
{
    public const string Local = "Local\\", Global = "Global\\";

    /// <summary>The namespace prefixes a name may start with on Windows.</summary>
    public static readonly string[] Prefixes = [Local, Global];

    /// <summary>The name with its namespace spelled out: a plain name is the session's (<c>Local\</c>).</summary>
    public static string Qualified(string name) =>
        name.StartsWith(Local, StringComparison.Ordinal) || name.StartsWith(Global, StringComparison.Ordinal) ? name : Local + name;
}
