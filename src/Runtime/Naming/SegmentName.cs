using System.Text;

namespace SharedTyped;

/// <summary>
/// What may name a segment: one plain file name, checked before any system call so that a hostile
/// name never reaches the file system.
/// </summary>
internal static class SegmentName
{
    public static void Validate(string name, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problem = Problem(name, maxBytes);
        if (problem is not null)
        {
            throw new ArgumentException($"Shared array name '{Printable(name)}' is invalid: {problem}.", nameof(name));
        }
    }

    /// <summary>Why <paramref name="name"/> is refused, or <c>null</c> when it is fine.</summary>
    public static string? Problem(string name, int maxBytes)
    {
        if (name.Length == 0) return "it is empty";
        if (name.Contains('/')) return "it contains '/'; a name is a single file name";
        if (name.Contains('\\')) return "it contains '\\'; a name is a single file name";
        if (name.Contains('\0')) return "it contains a NUL character";
        if (name[0] == '.') return "it starts with '.'";
        if (name.Contains("..", StringComparison.Ordinal)) return "it contains '..'";
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > maxBytes) return $"it is {bytes} bytes in UTF-8, more than the {maxBytes} this system allows";
        return null;
    }

    /// <summary>The name as messages show it: a NUL as <c>\\0</c>.</summary>
    public static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);
}
