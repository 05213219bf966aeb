namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// Private directories (mode 0700) for the servers' Unix sockets, one per server, under /tmp (a socket path
/// holds at most 107 bytes). All of the run's are removed when the test process ends.
/// </summary>
internal static class SocketDirectory
{
    private static readonly string Root = CreateRoot();

    /// <summary>A socket path in a new private directory.</summary>
    public static string NewSocket()
    {
        var directory = Path.Combine(Root, Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Path.Combine(directory, "s");
    }

    private static string CreateRoot()
    {
        var root = Path.Combine("/tmp", UniqueNames.New("sock"));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A socket still bound by a server being killed; the next run's name differs.
            }
        };
        return root;
    }
}
