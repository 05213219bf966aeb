using System.Text;

namespace SharedTyped;

/// <summary>
/// What may name a segment: one plain file name, checked before any system call so that a hostile
/// name never reaches the file system.
/// </summary>
internal static class SegmentName
{
    /// <param name="name">The name to check.</param>
    /// <param name="maxBytes">The platform's limit in UTF-8 bytes.</param>
    /// <param name="requested">What a typed call asked for (<see cref="Describe.Request{T}"/>), for the message; <c>null</c> when untyped.</param>
    public static void Validate(string name, int maxBytes, string? requested = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problem = Problem(name, maxBytes);
        if (problem is not null)
        {
            var context = requested is null ? "" : $" (requested {requested})";
            throw new ArgumentException($"Shared array name '{Printable(name)}' is invalid: {problem}{context}.", nameof(name));
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

    private static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);
}
