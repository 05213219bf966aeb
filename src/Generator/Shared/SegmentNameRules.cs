using System.Text;

namespace SharedTyped.CodeAnalysis;

/// <summary>Why a declared segment name is refused; <see cref="None"/> when it is fine.</summary>
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
}

/// <summary>
/// The runtime's rules for segment names (<c>SharedTyped.SegmentName</c>), checked at compile time:
/// a single file name of at most <see cref="MaxBytes"/> UTF-8 bytes.
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

    public static SegmentNameProblem Check(string? name)
    {
        if (name is null) return SegmentNameProblem.Missing;
        if (name.Length == 0) return SegmentNameProblem.Empty;
        if (name.IndexOf('/') >= 0) return SegmentNameProblem.ContainsSlash;
        if (name.IndexOf('\\') >= 0) return SegmentNameProblem.ContainsBackslash;
        if (name.IndexOf('\0') >= 0) return SegmentNameProblem.ContainsNul;
        if (name[0] == '.') return SegmentNameProblem.LeadingDot;
        if (name.IndexOf("..", System.StringComparison.Ordinal) >= 0) return SegmentNameProblem.ContainsDotDot;
        if (Utf8Length(name) > MaxBytes) return SegmentNameProblem.TooLong;
        return SegmentNameProblem.None;
    }

    /// <summary>Whether a valid name is too long for macOS: <c>"/" + name</c> exceeds 31 bytes.</summary>
    public static bool IsTooLongForMacOS(string name) => Utf8Length(name) > MaxPortableBytes;

    public static int Utf8Length(string name) => Encoding.UTF8.GetByteCount(name);
}
