using System.Net.Sockets;
using System.Text;

namespace SharedTyped.Flight;

/// <summary>
/// The Unix-socket listener's file: its directory must keep other users out (this user's, no group or
/// other permission bits) unless the server has a token, a stale socket of a dead server is replaced, and
/// a live server's socket or any other file under the path is never touched. docs/flight.md, "Security".
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class UnixSocketListener
{
    /// <summary>The longest path <c>sockaddr_un</c> holds, its terminating zero excluded.</summary>
    private const int MaxPathBytes = 107;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Path.IsPathRooted(runtime)
            ? Path.Combine(runtime, "sharedtyped", "flight.sock")
            : Path.Combine(Path.GetTempPath(), $"sharedtyped-{OwnerCheck.EffectiveUser}", "flight.sock");

    /// <summary>Makes <paramref name="path"/> ready to bind: its directory checked (created private when missing), a dead server's socket removed.</summary>
    public static void Prepare(string path, bool hasToken)
    {
        if (!Path.IsPathRooted(path) || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new ArgumentException($"The Unix socket path '{path}' must be absolute and at most {MaxPathBytes} bytes.", nameof(SharedArrayFlightServerOptions.Listen));
        }
        var directory = Path.GetDirectoryName(path)!;
        if (OwnerCheck.Stat(directory) is null)
        {
            Directory.CreateDirectory(directory, Private);
        }
        var (owner, mode) = OwnerCheck.Stat(directory) ?? throw new DirectoryNotFoundException($"The socket directory '{directory}' vanished.");
        var isPrivate = OwnerCheck.IsDirectory(mode) && owner == OwnerCheck.EffectiveUser && (mode & 0b000_111_111) == 0;
        if (!isPrivate && !hasToken)
        {
            throw new ArgumentException(
                $"The socket directory '{directory}' (owner uid {owner}, mode {Convert.ToString(mode & 0xFFF, 8)}) is not closed to other users, who could then connect and read every array this server's user can: " +
                $"use a directory of uid {OwnerCheck.EffectiveUser} with mode 700, or give a bearer token.", nameof(SharedArrayFlightServerOptions.Token));
        }
        if (OwnerCheck.Stat(path) is not { } existing)
        {
            return;
        }
        if (!OwnerCheck.IsSocket(existing.Mode) || existing.Owner != OwnerCheck.EffectiveUser)
        {
            throw new IOException($"'{path}' exists and is not a socket of this user; the server will not replace it.");
        }
        if (IsListening(path))
        {
            throw new IOException($"Another server listens on '{path}'.");
        }
        // A socket nobody listens on is what a killed server leaves; binding needs the name free.
        File.Delete(path);
    }

    /// <summary>Closes the socket file to group and others once it is bound (the directory already keeps them out).</summary>
    public static void Restrict(string path) => File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <summary>Removes the socket file of a server that stopped, when it is still this server's socket.</summary>
    public static void Remove(string path)
    {
        if (OwnerCheck.Stat(path) is { } status && OwnerCheck.IsSocket(status.Mode) && !IsListening(path))
        {
            File.Delete(path);
        }
    }

    private static bool IsListening(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false;
        }
    }
}
