namespace SharedTyped.Cli.Tests;

/// <summary>
/// <c>sharedtyped serve</c> and <c>sharedtyped pull</c> as real processes, on a Unix socket in a private
/// directory and on loopback TCP with a token: a served segment arrives byte for byte in another directory,
/// <c>--follow</c> tracks a publish and outlives a server restart, another user reaches nothing, tokens never
/// travel in argv, and bad input fails with its code.
/// </summary>
public sealed class CliFlightTests : IDisposable
{
    private const string Token = "cli-flight-token";
    private readonly TempDirectory _served = TempDirectory.InSharedMemory("cli-served");
    private readonly TempDirectory _pulled = TempDirectory.InSharedMemory("cli-pulled");
    private readonly TempDirectory _sockets = new("sock", parent: "/tmp");

    public CliFlightTests() => File.SetUnixFileMode(_sockets.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    private string Socket => Path.Combine(_sockets.Path, "s");

    private static Dictionary<string, string?> WithToken(string? token) => new() { ["SHAREDTYPED_FLIGHT_TOKEN"] = token };

    public void Dispose()
    {
        _served.Dispose();
        _pulled.Dispose();
        _sockets.Dispose();
    }

    [Fact]
    public void Pull_copies_a_served_array_byte_for_byte_and_follow_tracks_a_publish()
    {
        var name = Segments.NewName("served");
        double[] values = [.. Enumerable.Range(0, 12).Select(i => i * 1.5)];
        using var source = SharedArray.Create<double>(name, [3, 4], (ReadOnlySpan<double>)values, new CreateOptions { Directory = _served.Path });
        using var server = ServerProcess.Start(_served.Path, Socket);
        Assert.Equal($"grpc+unix://{Socket}", server.Address);

        var pulled = CliTool.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy");
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains($"pulled {name} from {server.Address} into copy (shape (3, 4))", pulled.Output);
        using (var copy = SharedArray.Attach<double>("copy", [3, 4], new AttachOptions { Directory = _pulled.Path }))
        {
            Assert.Equal(values, copy.AsSpan().ToArray());
        }

        // Redirected, stderr gets no progress bar.
        Assert.DoesNotContain("\r", pulled.Error);
        Assert.DoesNotContain("[#", pulled.Error);

        // A taken local name is refused before anything is received, in the tool's words, and --force replaces it.
        var taken = CliTool.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy");
        Assert.Equal(4, taken.ExitCode);
        Assert.Contains($"Shared array 'copy' already exists. Pass --force to replace it, or --as LOCAL to pull '{name}' under another name.", taken.Error);
        Assert.DoesNotContain("CreateOptions", taken.Error);
        Assert.Equal(0, CliTool.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy", "--force").ExitCode);

        using var follower = FollowerProcess.Start(_pulled.Path, server.Address, name, "replica");
        using (source.BeginWrite())
        {
            source.AsSpan().Fill(7.25);
        }
        follower.WaitForLine($"version {source.Version}");
        using var replica = SharedArray.AttachReadOnly<double>("replica", [3, 4], new AttachOptions { Directory = _pulled.Path });
        Assert.All(replica.AsSpan().ToArray(), v => Assert.Equal(7.25, v));
    }

    [Fact]
    public void Pull_of_a_missing_array_a_bad_address_or_a_bad_name_fails_with_its_code_and_leaves_nothing()
    {
        using var server = ServerProcess.Start(_served.Path, Socket);
        var missing = CliTool.Run("--dir", _pulled.Path, "pull", server.Address, "nothing-here");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'nothing-here'", missing.Error);
        Assert.Contains("NotFound", missing.Error);

        var address = CliTool.Run("--dir", _pulled.Path, "pull", "not-a-server", "x");
        Assert.Equal(1, address.ExitCode);
        Assert.Contains("'not-a-server' is not a server address", address.Error);

        var badName = CliTool.Run("--dir", _pulled.Path, "pull", server.Address, "x", "--as", "../escape");
        Assert.Equal(3, badName.ExitCode);
        Assert.Contains("'../escape' is invalid", badName.Error);

        var listen = CliTool.Run("--dir", _served.Path, "serve", "--listen", "nowhere");
        Assert.Equal(1, listen.ExitCode);
        Assert.Contains("--listen 'nowhere' is not unix:PATH or ADDRESS:PORT", listen.Error);

        // TCP without a token is refused, loopback too, naming where a token comes from.
        foreach (var tcp in (string[])["0.0.0.0:0", "localhost:0"])
        {
            var open = CliTool.Run(WithToken(null), "--dir", _served.Path, "serve", "--listen", tcp);
            Assert.Equal(3, open.ExitCode);
            Assert.Contains($"--listen {tcp} is TCP, which every local user can connect to: it needs a token (set SHAREDTYPED_FLIGHT_TOKEN or pass --token-file PATH)", open.Error);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_pulled.Path));
    }

    [Fact]
    public void Tokens_come_from_the_environment_or_a_file_never_from_argv()
    {
        var name = Segments.NewName("tokened");
        using var source = SharedArray.Create<int>(name, [6], 3, new CreateOptions { Directory = _served.Path });

        var refusedServe = CliTool.Run("--dir", _served.Path, "serve", "--listen", "localhost:0", "--token", Token);
        Assert.Equal(1, refusedServe.ExitCode);
        Assert.Contains("--token would show the token to every local user (ps lists the command line); set SHAREDTYPED_FLIGHT_TOKEN or pass --token-file PATH", refusedServe.Error);

        // --listen localhost:PORT is loopback TCP; the token comes from the environment.
        using var server = ServerProcess.Start(_served.Path, listen: "localhost:0", environment: WithToken(Token));
        Assert.StartsWith("http://127.0.0.1:", server.Address);

        var refusedPull = CliTool.Run("--dir", _pulled.Path, "pull", server.Address, name, "--token", Token);
        Assert.Equal(1, refusedPull.ExitCode);
        Assert.Contains("--token would show the token", refusedPull.Error);

        var none = CliTool.Run(WithToken(null), "--dir", _pulled.Path, "pull", server.Address, name);
        Assert.Equal(6, none.ExitCode);
        Assert.Contains("Unauthenticated", none.Error);

        var fromEnvironment = CliTool.Run(WithToken(Token), "--dir", _pulled.Path, "pull", server.Address, name, "--as", "env");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());

        var file = _sockets.File("token");
        File.WriteAllText(file, Token + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var fromFile = CliTool.Run(WithToken(null), "--dir", _pulled.Path, "pull", server.Address, name, "--as", "file", "--token-file", file);
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.DoesNotContain("warning", fromFile.Error);

        // A FIFO nobody writes to is refused at once, not waited on.
        var fifo = _sockets.File("fifo");
        Assert.Equal(0, ChildProcess.Run("mkfifo", [fifo]).ExitCode);
        var fromFifo = CliTool.Run(WithToken(null), "--dir", _pulled.Path, "pull", server.Address, name, "--as", "fifo", "--token-file", fifo);
        Assert.Equal(6, fromFifo.ExitCode);
        Assert.Contains($"--token-file '{fifo}' is not a readable regular file", fromFifo.Error);
        Assert.Equal(["env", "file"], Directory.EnumerateFileSystemEntries(_pulled.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Another_user_reaches_nothing_through_the_server_by_default()
    {
        var name = Segments.NewName("closed");
        using var secret = SharedArray.Create<long>(name, [4], 42, new CreateOptions { Directory = _served.Path });
        File.SetUnixFileMode(Path.Combine(_served.Path, name), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var open = TempDirectory.InSharedMemory("cli-nobody");
        File.SetUnixFileMode(open.Path, (UnixFileMode)0b111_111_111);

        // The default listener: a Unix socket in a directory only this user may enter.
        using (var server = ServerProcess.Start(_served.Path, Socket))
        {
            var denied = CliTool.RunAsNobody(_sockets.Path + "-nobody", "--dir", open.Path, "pull", server.Address, name);
            Assert.True(denied.ExitCode != 0, denied.ToString());
            Assert.Contains("Permission denied", denied.Error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(open.Path));
        }

        // TCP, which nobody can connect to: without the token it is refused.
        using (var server = ServerProcess.Start(_served.Path, listen: "127.0.0.1:0", environment: WithToken(Token)))
        {
            var refused = CliTool.RunAsNobody(_sockets.Path + "-nobody", "--dir", open.Path, "pull", server.Address, name);
            Assert.Equal(6, refused.ExitCode);
            Assert.Contains("Unauthenticated", refused.Error);
            Assert.Empty(Directory.EnumerateFileSystemEntries(open.Path));
            // The segment itself is served: its user, with the token, gets it.
            Assert.Equal(0, CliTool.Run(WithToken(Token), "--dir", _pulled.Path, "pull", server.Address, name).ExitCode);
        }
        if (Directory.Exists(_sockets.Path + "-nobody"))
        {
            Directory.Delete(_sockets.Path + "-nobody", recursive: true);
        }
    }

    [Fact]
    public void Sigterm_stops_serve_with_a_follower_waiting_and_the_follower_resumes_when_serve_restarts()
    {
        var name = Segments.NewName("restart");
        using var source = SharedArray.Create<double>(name, [5], 1.0, new CreateOptions { Directory = _served.Path });
        var server = ServerProcess.Start(_served.Path, Socket);
        try
        {
            using var follower = FollowerProcess.Start(_pulled.Path, server.Address, name, "replica");
            // The follower's wait is pending on the server now; SIGTERM ends the server all the same.
            Assert.True(server.Terminate(TimeSpan.FromSeconds(5)), "serve did not exit within 5 s of SIGTERM while a wait was pending");
            Assert.Equal(0, server.ExitCode);
            follower.WaitForError($"sharedtyped: following {name} from {server.Address} interrupted (");
            server.Dispose();

            server = ServerProcess.Start(_served.Path, Socket);
            using (source.BeginWrite())
            {
                source.AsSpan().Fill(8.5);
            }
            follower.WaitForLine($"version {source.Version}");
            using var replica = SharedArray.AttachReadOnly<double>("replica", [5], new AttachOptions { Directory = _pulled.Path });
            Assert.All(replica.AsSpan().ToArray(), v => Assert.Equal(8.5, v));
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>A long-running <c>sharedtyped</c> process, read line by line, stopped with SIGTERM (as a service manager would).</summary>
    private class LongRunning(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) : IDisposable
    {
        private readonly ChildProcess _process = CliTool.Start(environment, arguments);

        /// <summary>The first line of standard output that starts with <paramref name="prefix"/>; fails with everything seen otherwise.</summary>
        public string WaitForLine(string prefix) => _process.WaitForLine(prefix);

        /// <summary>Waits for a line on standard error that starts with <paramref name="prefix"/>; fails with everything seen otherwise.</summary>
        public void WaitForError(string prefix) => _process.WaitForError(prefix);

        /// <summary>SIGTERM, as a service manager stops a service; whether the process exited within <paramref name="limit"/>.</summary>
        public bool Terminate(TimeSpan limit) => _process.Terminate(limit);

        public int ExitCode => _process.ExitCode;

        public void Dispose()
        {
            if (!_process.Terminate(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireTree: true);
            }
            _process.Dispose();
        }
    }

    private sealed class ServerProcess : LongRunning
    {
        private ServerProcess(string directory, string listen, IReadOnlyDictionary<string, string?>? environment)
            : base(environment, "--dir", directory, "serve", "--listen", listen) { }

        public string Address { get; private set; } = "";

        /// <summary>serve on the Unix socket <paramref name="socket"/>, or on <paramref name="listen"/> (TCP, with a token in <paramref name="environment"/>).</summary>
        public static ServerProcess Start(string directory, string? socket = null, string? listen = null, IReadOnlyDictionary<string, string?>? environment = null)
        {
            var server = new ServerProcess(directory, listen ?? $"unix:{socket}", environment);
            var line = server.WaitForLine("serving ");
            server.Address = line[(line.LastIndexOf(' ') + 1)..];
            return server;
        }
    }

    private sealed class FollowerProcess : LongRunning
    {
        private FollowerProcess(string directory, string address, string name, string local)
            : base(null, "--dir", directory, "pull", address, name, "--as", local, "--follow") { }

        public static FollowerProcess Start(string directory, string address, string name, string local)
        {
            var follower = new FollowerProcess(directory, address, name, local);
            follower.WaitForLine("following ");
            return follower;
        }
    }
}
