namespace SharedTyped.TestPeers;

/// <summary>
/// How a test starts one of its peer processes, given the peer's build output (<c>peer/X.dll</c>).
/// Where the peer was published as a self-contained executable beside that dll (.ci/windows does so
/// for win-x64: Wine has no <c>dotnet</c>), the executable runs itself; elsewhere the <c>dotnet</c> host
/// that runs this process (or the one on PATH) runs the dll. Linked into every test project that starts a peer.
/// </summary>
internal static class PeerCommand
{
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
