namespace SharedTyped.Ecosystem.Tests;

/// <summary>The built <c>sharedtyped</c> tool, run as a real process: <c>dotnet SharedTyped.Cli.dll …</c>.</summary>
internal static class Cli
{
    public static ProcessResult Run(params string[] arguments) => Run(null, arguments);

    public static ProcessResult Run(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        Assert.True(File.Exists(Repository.CliDll), $"The CLI is not built at '{Repository.CliDll}'.");
        return ProcessRunner.Run("dotnet", [Repository.CliDll, .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(1));
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
