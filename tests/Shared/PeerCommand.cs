using SharedTyped.TestSupport;

namespace SharedTyped.TestPeers;

/// <summary>
/// How a test starts one of its peer processes, given the peer's build output (<c>peer/X.dll</c>).
/// Where the peer was published as a self-contained executable beside that dll (.ci/windows does so
/// for win-x64: Wine has no <c>dotnet</c>), the executable runs itself; elsewhere the <c>dotnet</c> host
/// that runs this process (or the one on PATH) runs the dll. Linked into every test project that starts a peer;
/// the build copies each peer's output into a folder beside the tests (the <c>TestPeer</c> items of
/// tests/Directory.Build.targets).
/// </summary>
internal static class PeerCommand
{
    /// <summary>The peer <paramref name="dllName"/> the build copied to <paramref name="folder"/> beside the tests.</summary>
    public static string Locate(string folder, string dllName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, folder, dllName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The peer was not built next to the tests: '{path}' is missing (see TestPeer in tests/Directory.Build.targets).", path);
    }

    /// <summary>Runs the peer <paramref name="dllPath"/> with <paramref name="arguments"/> and waits (bounded) for it.</summary>
    public static ProcessResult Run(string dllPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (program, prefix) = For(dllPath);
        return ChildProcess.Run(program, [.. prefix, .. arguments], environment);
    }

    /// <summary>Starts the peer <paramref name="dllPath"/>, under <paramref name="wrapper"/> if one is given (see <see cref="ChildProcess.Start"/>).</summary>
    public static ChildProcess Start(string dllPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        IReadOnlyList<string>? wrapper = null)
    {
        var (program, prefix) = For(dllPath);
        return ChildProcess.Start(program, [.. prefix, .. arguments], environment, wrapper: wrapper);
    }

    /// <summary>The program to start and the arguments that come before the peer's own.</summary>
    public static (string Program, string[] Prefix) For(string dllPath)
    {
        var executable = Path.ChangeExtension(dllPath, ".exe");
        if (OperatingSystem.IsWindows() && File.Exists(executable))
        {
            return (executable, []);
        }
        return (DotnetHost, [dllPath]);
    }

    /// <summary>The <c>dotnet</c> host that runs this process, so that the peer uses the same runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }
            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
