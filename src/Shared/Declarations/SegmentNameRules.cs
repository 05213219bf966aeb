using System.Text;

namespace SharedTyped.CodeAnalysis;

/// <summary>Why a segment name is refused; <see cref="None"/> when it is fine.</summary>
internal enum SegmentNameProblem
{
    None,
    Missing,
    Empty,
    TooLong,
    ContainsSlash,
    ContainsBackslash,
    ContainsNul,
    LeadingDot,
    ContainsDotDot,
    LoneSurrogate,
}

/// <summary>
/// The one rule for segment names: a single file name of at most <see cref="MaxBytes"/> UTF-8 bytes
/// that is valid Unicode text. This file is compiled into the runtime (<c>SharedTyped.SegmentName</c>
/// words the messages), the generator and the analyzers (linked), so a name the analyzers accept is
/// exactly a name the runtime accepts; tests/Shared/SegmentNameCases.cs is the one table both test.
/// Written for netstandard2.0, which the analyzers target.
/// </summary>
internal static class SegmentNameRules
{
    /// <summary>Linux's <c>NAME_MAX</c>: the longest file name in <c>/dev/shm</c>.</summary>
    public const int MaxBytes = 255;

    /// <summary>
    /// The longest name macOS accepts: its <c>PSHMNAMLEN</c> is 31 bytes and counts the leading
    /// <c>/</c> that <c>shm_open</c> needs, so a name may have 30 (the runtime's <c>MacSharedMemory.MaxNameBytes</c>).
    /// </summary>
    public const int MaxPortableBytes = 30;

    /// <summary>
    /// The longest name Windows is given: kernel object names are limited to MAX_PATH (260) characters
    /// after an optional <c>Local\</c> or <c>Global\</c>, and the segment's events and mutexes append
    /// a suffix of their own.
    /// </summary>
    public const int MaxWindowsBytes = 200;

    public static SegmentNameProblem Check(string? name) => Check(name, MaxBytes, out _);

    /// <summary>The problem with <paramref name="name"/> where names may have <paramref name="maxBytes"/> bytes; <paramref name="index"/> is the lone surrogate's index.</summary>
    public static SegmentNameProblem Check(string? name, int maxBytes, out int index)
    {
        index = -1;
        if (name is null) return SegmentNameProblem.Missing;
        if (name.Length == 0) return SegmentNameProblem.Empty;
        if (name.IndexOf('/') >= 0) return SegmentNameProblem.ContainsSlash;
        if (name.IndexOf('\\') >= 0) return SegmentNameProblem.ContainsBackslash;
        if (name.IndexOf('\0') >= 0) return SegmentNameProblem.ContainsNul;
        if (name[0] == '.') return SegmentNameProblem.LeadingDot;
        if (name.IndexOf("..", System.StringComparison.Ordinal) >= 0) return SegmentNameProblem.ContainsDotDot;
        // A lone surrogate has no UTF-8 form: the file-system marshalling would turn it into U+FFFD,
        // so that "x\uD800" and "x\uDC00" would both open the file "x\uFFFD".
        index = LoneSurrogate(name);
        if (index >= 0) return SegmentNameProblem.LoneSurrogate;
        if (Utf8Length(name) > maxBytes) return SegmentNameProblem.TooLong;
        return SegmentNameProblem.None;
    }

    /// <summary>The index of the first surrogate that is not half of a pair, or -1.</summary>
    public static int LoneSurrogate(string name)
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
        return -1;
    }

    /// <summary>Whether a valid name is too long for macOS: <c>"/" + name</c> exceeds 31 bytes.</summary>
    public static bool IsTooLongForMacOS(string name) => Utf8Length(name) > MaxPortableBytes;

    /// <summary>UTF-8 bytes of a name without lone surrogates (each would count as the 3 bytes of U+FFFD).</summary>
    public static int Utf8Length(string name) => Encoding.UTF8.GetByteCount(name);
}
