using System.Globalization;
using System.Text;
using SharedTyped.CodeAnalysis;

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

    /// <summary>
    /// Why <paramref name="name"/> is refused, or <c>null</c> when it is fine; the rule is <see cref="SegmentNameRules"/>,
    /// shared with the analyzers, applied to what follows a namespace prefix the platform accepts (Windows: <c>Local\</c>, <c>Global\</c>).
    /// </summary>
    public static string? Problem(string name, int maxBytes)
    {
        foreach (var prefix in SharedMemoryPlatform.Current.NamePrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name.Length == prefix.Length ? $"it is only the namespace '{prefix}'" : PlainProblem(name[prefix.Length..], maxBytes);
            }
        }
        return PlainProblem(name, maxBytes);
    }

    private static string? PlainProblem(string name, int maxBytes) => SegmentNameRules.Check(name, maxBytes, out var index) switch
    {
        SegmentNameProblem.None => null,
        SegmentNameProblem.Empty => "it is empty",
        SegmentNameProblem.ContainsSlash => "it contains '/'; a name is a single file name",
        SegmentNameProblem.ContainsBackslash => "it contains '\\'; a name is a single file name",
        SegmentNameProblem.ContainsNul => "it contains a NUL character",
        SegmentNameProblem.LeadingDot => "it starts with '.'",
        SegmentNameProblem.ContainsDotDot => "it contains '..'",
        SegmentNameProblem.LoneSurrogate =>
            $"it contains a lone UTF-16 surrogate (U+{(int)name[index]:X4} at index {index}), which is not valid Unicode text and has no UTF-8 form",
        SegmentNameProblem.TooLong => $"it is {SegmentNameRules.Utf8Length(name)} bytes in UTF-8, more than the {maxBytes} this system allows",
        var other => other.ToString(),
    };

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
