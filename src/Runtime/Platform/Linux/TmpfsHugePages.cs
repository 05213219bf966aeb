using System.Globalization;
using System.Text;

namespace SharedTyped;

/// <summary>How a tmpfs hands out huge pages to a new file, which decides how the segment is reserved.</summary>
internal enum HugePageBacking
{
    /// <summary>None: the file system gives 4 KiB pages.</summary>
    None,

    /// <summary><c>huge=always</c>/<c>within_size</c> (or the global <c>force</c>): <c>posix_fallocate</c> itself allocates huge pages, zeroed lazily.</summary>
    Allocate,

    /// <summary><c>huge=advise</c>: only a fault in a mapping marked <c>MADV_HUGEPAGE</c> gets one, so the reservation is a populate of such a mapping.</summary>
    Advise,
}

/// <summary>
/// What the kernel says about huge pages for the tmpfs holding a directory: the mount (found in
/// <c>/proc/self/mountinfo</c> by the directory's device), its <c>huge=</c> option, and the global
/// <c>shmem_enabled</c> switch whose <c>deny</c> and <c>force</c> override every mount.
/// </summary>
internal static unsafe class TmpfsHugePages
{
    private const string TransparentHugePages = "/sys/kernel/mm/transparent_hugepage";

    /// <summary>The support and, when available, how a segment there is reserved.</summary>
    public static (HugePageSupport Support, HugePageBacking Backing) Describe(string directory)
    {
        var pageBytes = PmdPageBytes();
        var global = GlobalShmemPolicy();
        var mount = FindMount(directory);
        if (mount is null)
        {
            return (new HugePageSupport
            {
                Available = false, Directory = directory, PageBytes = pageBytes,
                Summary = $"the mount holding '{directory}' was not found in /proc/self/mountinfo (does the directory exist?)",
            }, HugePageBacking.None);
        }
        var (mountPoint, fileSystem, options) = mount.Value;
        var huge = fileSystem == "tmpfs" ? HugeOption(options) : null;
        var support = new HugePageSupport
        {
            Available = false, Directory = directory, MountPoint = mountPoint, FileSystem = fileSystem,
            MountOptions = options, HugeOption = huge, PageBytes = pageBytes, Summary = "",
        };
        var where = SameDirectory(directory, mountPoint) ? $"'{mountPoint}'" : $"'{directory}' (on the mount at '{mountPoint}')";
        var remount = $"mount -o remount,huge=within_size {mountPoint}";
        if (pageBytes <= 0)
        {
            return (support with { Summary = $"this kernel has no transparent huge pages ({TransparentHugePages}/hpage_pmd_size is missing)" }, HugePageBacking.None);
        }
        if (fileSystem != "tmpfs")
        {
            return (support with { Summary = $"{where} is a {fileSystem} file system, not a tmpfs; huge-page segments need a tmpfs mounted with huge=within_size or huge=advise" }, HugePageBacking.None);
        }
        if (global == "deny")
        {
            return (support with
            {
                Summary = $"{TransparentHugePages}/shmem_enabled is 'deny', which turns huge pages off for every tmpfs, {where} included",
                EnableCommand = $"echo never > {TransparentHugePages}/shmem_enabled   # then the mount's huge= option applies: {remount}",
            }, HugePageBacking.None);
        }
        var available = support with { Available = true };
        if (global == "force")
        {
            return (available with { Summary = $"{TransparentHugePages}/shmem_enabled is 'force': every tmpfs, {where} included, uses huge pages" }, HugePageBacking.Allocate);
        }
        return huge switch
        {
            "always" or "within_size" => (available with { Summary = $"{where} is a tmpfs mounted huge={huge}" }, HugePageBacking.Allocate),
            "advise" => (available with { Summary = $"{where} is a tmpfs mounted huge=advise (segments are marked MADV_HUGEPAGE and populated at create)" }, HugePageBacking.Advise),
            _ => (support with
            {
                Summary = $"{where} is a tmpfs mounted huge={huge} ({options})",
                EnableCommand = remount,
            }, HugePageBacking.None),
        };
    }

    /// <summary>Whether <c>transparent_hugepage/defrag</c> is <c>always</c>: then even an allocation without a marked mapping (<c>posix_fallocate</c>) compacts memory synchronously.</summary>
    public static bool DefragAlways()
    {
        try
        {
            return File.ReadAllText($"{TransparentHugePages}/defrag").Contains("[always]", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The PMD page size the kernel uses for transparent huge pages, or 0 when it has none.</summary>
    private static long PmdPageBytes()
    {
        try
        {
            return long.Parse(File.ReadAllText($"{TransparentHugePages}/hpage_pmd_size").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The bracketed choice of <c>shmem_enabled</c> (<c>always within_size advise [never] deny force</c>), or <c>null</c>.</summary>
    private static string? GlobalShmemPolicy()
    {
        try
        {
            var text = File.ReadAllText($"{TransparentHugePages}/shmem_enabled");
            var open = text.IndexOf('[');
            var close = text.IndexOf(']');
            return open >= 0 && close > open ? text[(open + 1)..close] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>tmpfs lists <c>huge=</c> only when it is not <c>never</c>.</summary>
    private static string HugeOption(string options)
    {
        foreach (var option in options.Split(','))
        {
            if (option.StartsWith("huge=", StringComparison.Ordinal))
            {
                return option["huge=".Length..];
            }
        }
        return "never";
    }

    /// <summary>
    /// The mount whose device is the directory's: mountinfo's third field is the super block's
    /// <c>major:minor</c>, so a bind mount or a path through symbolic links finds the same answer.
    /// Of several mounts of one device, the one whose mount point is the longest prefix of the path wins.
    /// </summary>
    private static (string MountPoint, string FileSystem, string Options)? FindMount(string directory)
    {
        Libc.StatxBuffer status;
        if (Libc.Statx(Libc.AT_FDCWD, directory, 0, Libc.STATX_BASIC_STATS, &status) != 0)
        {
            return null;
        }
        var device = $"{status.DevMajor}:{status.DevMinor}";
        var full = Path.GetFullPath(directory);
        (string, string, string)? found = null;
        var foundLength = -1;
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/mountinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        foreach (var line in lines)
        {
            // id parent major:minor root mount-point mount-options [optional fields] - type source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 6 || separator < 6 || separator + 3 >= fields.Length || fields[2] != device)
            {
                continue;
            }
            var mountPoint = Unescape(fields[4]);
            var length = IsUnder(full, mountPoint) ? mountPoint.Length : 0;
            if (length >= foundLength)
            {
                found = (mountPoint, fields[separator + 1], fields[separator + 3]);
                foundLength = length;
            }
        }
        return found;
    }

    private static bool IsUnder(string path, string mountPoint) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);

    private static bool SameDirectory(string directory, string mountPoint) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) == mountPoint;

    /// <summary>mountinfo writes space, tab, newline and backslash in a mount point as three octal digits (<c>\040</c>).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }
        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                bytes.Add((byte)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text[start] is >= '0' and <= '3' && text[start + 1] is >= '0' and <= '7' && text[start + 2] is >= '0' and <= '7';
}
