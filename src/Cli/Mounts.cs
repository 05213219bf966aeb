namespace SharedTyped.Cli;

/// <summary>One line of <c>/proc/mounts</c>.</summary>
internal sealed record Mount(string Point, string Type, string Options)
{
    /// <summary>tmpfs's <c>huge=</c> option: <c>never</c> (the default), <c>always</c>, <c>within_size</c> or <c>advise</c>.</summary>
    public string HugePages =>
        Options.Split(',').FirstOrDefault(o => o.StartsWith("huge=", StringComparison.Ordinal))?["huge=".Length..] ?? "never";
}

/// <summary>The mount table, read from <c>/proc/mounts</c> where there is one.</summary>
internal static class Mounts
{
    /// <summary>The mount <paramref name="directory"/> lies on (the last, longest mount point above it), or null without <c>/proc/mounts</c>.</summary>
    public static Mount? Containing(string directory)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return null;
        }
        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        Mount? best = null;
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 4)
            {
                continue;
            }
            var point = Unescape(fields[1]);
            var prefix = point.TrimEnd('/') + "/";
            if (full.StartsWith(prefix, StringComparison.Ordinal) && (best is null || point.Length >= best.Point.Length))
            {
                best = new Mount(point, fields[2], fields[3]);
            }
        }
        return best;
    }

    /// <summary>The kernel writes a space, tab, newline or backslash in a mount point as an octal escape (<c>\040</c>).</summary>
    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}
