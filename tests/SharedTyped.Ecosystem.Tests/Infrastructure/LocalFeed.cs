namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// A folder the repository's projects are packed into, under a version unique to one test, and a
/// scratch root outside the repository where consumer projects restore from that folder plus the
/// normal NuGet source, with nothing of the repository's build set-up leaking in. Removes the root and
/// the version from the package cache on dispose.
/// </summary>
internal sealed class LocalFeed : IDisposable
{
    private readonly TempDirectory _root;

    public LocalFeed(string tag)
    {
        _root = new TempDirectory(tag);
        Feed = Path.Combine(_root.Path, "feed");
    }

    /// <summary>Unique per run, so the shared package cache never hands back a stale build.</summary>
    public string Version { get; } = $"0.1.0-packtest-{Guid.NewGuid():N}";

    /// <summary>The scratch root consumers live under.</summary>
    public string Root => _root.Path;

    /// <summary>The folder the packages are packed into.</summary>
    public string Feed { get; }

    private static string PackageCache =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// Packs <paramref name="projectRelativePath"/> (from the repository root) into <see cref="Feed"/> without building:
    /// it packs the assemblies these tests run against and writes nothing into their bin folders.
    /// </summary>
    public string Pack(string projectRelativePath, string packageId)
    {
        var project = Path.Combine(Repository.Root, projectRelativePath);
        var pack = Dotnet(Root, "pack", project, "-c", Repository.Configuration, "--no-build", "-o", Feed, $"-p:PackageVersion={Version}", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, $"dotnet pack of {projectRelativePath} failed: {pack}");
        Assert.DoesNotContain("warning", pack.Output, StringComparison.OrdinalIgnoreCase);
        var nupkg = Path.Combine(Feed, $"{packageId}.{Version}.nupkg");
        Assert.True(File.Exists(nupkg), $"No package at '{nupkg}': {pack}");
        return nupkg;
    }

    /// <summary>
    /// Makes <see cref="Root"/> a place for consumers: empty build props and targets stop MSBuild's upward
    /// search, and the default nuget.config of <c>dotnet new</c> gets the local folder as a second source.
    /// </summary>
    public void PrepareConsumers()
    {
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
        Assert.Equal(0, Dotnet(Root, "new", "nugetconfig", "-o", Root).ExitCode);
        var config = Path.Combine(Root, "nuget.config");
        Assert.Equal(0, Dotnet(Root, "nuget", "add", "source", Feed, "-n", "sharedtyped-local", "--configfile", config).ExitCode);
    }

    /// <summary>
    /// Runs the dotnet CLI outside this test host's own MSBuild context (a test started by <c>dotnet test</c>
    /// inherits MSBuild variables that would steer a nested build).
    /// </summary>
    public static ProcessResult Dotnet(string workingDirectory, params string[] arguments) =>
        Dotnet(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <inheritdoc cref="Dotnet(string, string[])"/>
    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?> extraEnvironment, params string[] arguments)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(k => k, _ => (string?)null);
        // No MSBuild node or compiler server may outlive the test.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in extraEnvironment)
        {
            environment[key] = value;
        }
        return ChildProcess.Run("dotnet", arguments, environment, workingDirectory, TimeSpan.FromMinutes(5));
    }

    public void Dispose()
    {
        _root.Dispose();
        foreach (var id in new[] { "sharedtyped", "sharedtyped.cli", "sharedtyped.flight" })
        {
            var cached = Path.Combine(PackageCache, id, Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
            var idFolder = Path.GetDirectoryName(cached)!;
            if (Directory.Exists(idFolder) && !Directory.EnumerateFileSystemEntries(idFolder).Any())
            {
                Directory.Delete(idFolder);
            }
        }
    }
}
