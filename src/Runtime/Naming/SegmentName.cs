using System.Globalization;
using System.Text;

namespace SharedTyped;

/// <summary>
/// What may name a segment: one plain file name, checked before any system call so that a hostile
/// name never reaches the file system.
/// </summary>
internal static class SegmentName
{
    /// <summary>Throws on text that is not valid Unicode instead of replacing it with U+FFFD, as the file-system marshalling would.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
        // A lone surrogate has no UTF-8 form: the marshaller would turn it into U+FFFD, so that
        // "x\uD800" and "x\uDC00" would both open the file "x\uFFFD".
        if (LoneSurrogate(name) is { } index)
        {
            return $"it contains a lone UTF-16 surrogate (U+{(int)name[index]:X4} at index {index}), which is not valid Unicode text and has no UTF-8 form";
        }
        var bytes = StrictUtf8.GetByteCount(name);
        if (bytes > maxBytes) return $"it is {bytes} bytes in UTF-8, more than the {maxBytes} this system allows";
        return null;
    }

    /// <summary>The index of the first surrogate that is not half of a pair, or <c>null</c>.</summary>
    private static int? LoneSurrogate(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>The name as it can be shown: NUL and lone surrogates spelled as escapes.</summary>
    public static string Printable(string name)
    {
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\0')
            {
                text.Append("\\0");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                text.Append(c).Append(name[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
