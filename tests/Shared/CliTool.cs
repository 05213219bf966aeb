namespace SharedTyped.TestSupport;

/// <summary>The built <c>sharedtyped</c> tool, run as a real process: <c>dotnet SharedTyped.Cli.dll …</c>.</summary>
internal static class CliTool
{
    public static ProcessResult Run(params string[] arguments) => Run(null, arguments);

    public static ProcessResult Run(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        Assert.True(File.Exists(Repository.CliDll), $"The CLI is not built at '{Repository.CliDll}'.");
        return ChildProcess.Run("dotnet", [Repository.CliDll, .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(1));
    }

    /// <summary>Starts the tool, for a command that runs until stopped (<c>serve</c>, <c>pull --follow</c>).</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        Assert.True(File.Exists(Repository.CliDll), $"The CLI is not built at '{Repository.CliDll}'.");
        return ChildProcess.Start("dotnet", [Repository.CliDll, .. arguments], environment);
    }

    /// <summary>
    /// Runs the tool as user and group nobody (65534, no supplementary groups) through <c>setpriv</c>, for a test
    /// running as root that needs a user root's files are closed to. The build is copied into
    /// <paramref name="scratch"/> first, world-readable, as the repository may sit where nobody cannot reach.
    /// </summary>
    public static ProcessResult RunAsNobody(string scratch, params string[] arguments)
    {
        Assert.True(File.Exists(Repository.CliDll), $"The CLI is not built at '{Repository.CliDll}'.");
        const UnixFileMode directoryMode = (UnixFileMode)0b111_101_101, fileMode = (UnixFileMode)0b110_100_100; // 0755, 0644
        var copy = Path.Combine(scratch, "cli-as-nobody");
        if (!Directory.Exists(copy))
        {
            Directory.CreateDirectory(copy);
            File.SetUnixFileMode(scratch, directoryMode);
            File.SetUnixFileMode(copy, directoryMode);
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(Repository.CliDll)!))
            {
                var target = Path.Combine(copy, Path.GetFileName(file));
                File.Copy(file, target);
                File.SetUnixFileMode(target, fileMode);
            }
        }
        ProcessResult result;
        try
        {
            result = ChildProcess.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Path.Combine(copy, Path.GetFileName(Repository.CliDll)), .. arguments],
                timeout: TimeSpan.FromMinutes(1));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("This test runs the tool as another user with setpriv (util-linux), which is not installed.", e);
        }
        Assert.False(result.ExitCode == 127 || result.Error.Contains("setpriv:", StringComparison.Ordinal),
            $"setpriv could not run 'dotnet' as nobody (is the .NET install readable by every user?): {result}");
        return result;
    }

    /// <summary>Runs and asserts the exit code, showing everything the tool printed when it differs.</summary>
    public static ProcessResult Expect(int exitCode, params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == exitCode, $"sharedtyped {string.Join(' ', arguments)}: expected exit {exitCode}, got {result}");
        return result;
    }

    /// <summary>The table rows of <c>list</c>: cells split where two or more spaces separate them.</summary>
    public static string[][] Table(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.RegularExpressions.Regex.Split(line.TrimEnd(), " {2,}"))
            .ToArray();
}
