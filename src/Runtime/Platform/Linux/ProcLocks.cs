using System.Globalization;

namespace SharedTyped;

/// <summary>
/// The kernel's table of file locks, <c>/proc/locks</c>: the one place its format is read. A line is
/// <c>"3: FLOCK  ADVISORY  READ  1234 00:1a:5678 0 EOF"</c> for a granted lock and
/// <c>"3: -> FLOCK  ADVISORY  WRITE 1235 00:1a:5678 0 EOF"</c> for a request waiting for it; device numbers in hex,
/// the inode in decimal, and the pid is the process that asked for the lock.
/// </summary>
internal static class ProcLocks
{
    /// <summary>One <c>flock</c> on an inode: who asked, whether it is exclusive, and whether it is still waiting.</summary>
    public readonly record struct Flock(int Pid, bool Exclusive, bool Waiting);

    /// <summary>The <c>flock</c>s on the inode, granted and waiting; empty when <c>/proc/locks</c> cannot be read.</summary>
    public static IReadOnlyList<Flock> On(uint major, uint minor, ulong inode)
    {
        var device = string.Create(CultureInfo.InvariantCulture, $"{major:x2}:{minor:x2}:{inode}");
        var found = new List<Flock>();
        try
        {
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var waiting = fields.Length > 1 && fields[1] == "->";
                var at = waiting ? 2 : 1;
                if (fields.Length >= at + 5 && fields[at] == "FLOCK" && fields[at + 4] == device
                    && int.TryParse(fields[at + 3], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    found.Add(new Flock(pid, fields[at + 2] == "WRITE", waiting));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return found;
    }

    /// <summary>The parent of <paramref name="pid"/> (from <c>/proc/PID/stat</c>), or 0 when it is gone.</summary>
    public static int ParentOf(int pid) => Stat(pid) is { } stat ? stat.Parent : 0;

    /// <summary>Whether <paramref name="pid"/> still runs: not gone, and not a zombie whose descriptors are all closed.</summary>
    public static bool IsRunning(int pid) => Stat(pid) is { } stat && stat.State is not ('Z' or 'X');

    private static (char State, int Parent)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) S ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
        var rest = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return rest.Length >= 2 && int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (rest[0][0], parent)
            : null;
    }
}
