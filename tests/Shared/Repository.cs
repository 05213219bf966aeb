using System.Reflection;

namespace SharedTyped.TestSupport;

/// <summary>Where the repository and the build the tests run against are.</summary>
internal static class Repository
{
    /// <summary>The build configuration of this test assembly (Debug or Release).</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    /// <summary>The directory holding SharedTyped.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built CLI, run as <c>dotnet SharedTyped.Cli.dll</c>.</summary>
    public static string CliDll => Path.Combine(Root, "src", "Cli", "bin", Configuration, "net10.0", "SharedTyped.Cli.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SharedTyped.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No SharedTyped.sln above '{AppContext.BaseDirectory}'.");
    }
}
