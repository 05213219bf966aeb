using System.Diagnostics;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// <c>sharedtyped serve</c> and <c>sharedtyped pull</c> as two real processes on loopback: a served segment
/// arrives byte for byte in another directory, <c>--follow</c> tracks a publish, and bad input fails with its code.
/// </summary>
public sealed class CliFlightTests : IDisposable
{
    private readonly TempDirectory _served = new("cli-served", parent: "/dev/shm");
    private readonly TempDirectory _pulled = new("cli-pulled", parent: "/dev/shm");

    public void Dispose()
    {
        _served.Dispose();
        _pulled.Dispose();
    }

    [Fact]
    public void Pull_copies_a_served_array_byte_for_byte_and_follow_tracks_a_publish()
    {
        var name = Segments.UniqueName("served");
        double[] values = [.. Enumerable.Range(0, 12).Select(i => i * 1.5)];
        using var source = SharedArray.Create<double>(name, [3, 4], (ReadOnlySpan<double>)values, new CreateOptions { Directory = _served.Path });
        using var server = ServerProcess.Start(_served.Path);

        var pulled = Cli.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy");
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains($"pulled {name} from {server.Address} into copy (shape (3, 4))", pulled.StandardOutput);
        using (var copy = SharedArray.Attach<double>("copy", [3, 4], new AttachOptions { Directory = _pulled.Path }))
        {
            Assert.Equal(values, copy.AsSpan().ToArray());
        }

        // A taken local name is refused before anything is received, and --force replaces it.
        var taken = Cli.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy");
        Assert.Equal(4, taken.ExitCode);
        Assert.Contains("'copy'", taken.StandardError);
        Assert.Equal(0, Cli.Run("--dir", _pulled.Path, "pull", server.Address, name, "--as", "copy", "--force").ExitCode);

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
        using var server = ServerProcess.Start(_served.Path);
        var missing = Cli.Run("--dir", _pulled.Path, "pull", server.Address, "nothing-here");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'nothing-here'", missing.StandardError);
        Assert.Contains("NotFound", missing.StandardError);

        var address = Cli.Run("--dir", _pulled.Path, "pull", "not-a-server", "x");
        Assert.Equal(1, address.ExitCode);
        Assert.Contains("'not-a-server' is not a server address", address.StandardError);

        var badName = Cli.Run("--dir", _pulled.Path, "pull", server.Address, "x", "--as", "../escape");
        Assert.Equal(3, badName.ExitCode);
        Assert.Contains("'../escape' is invalid", badName.StandardError);

        var listen = Cli.Run("--dir", _served.Path, "serve", "--listen", "nowhere");
        Assert.Equal(1, listen.ExitCode);
        Assert.Contains("--listen 'nowhere' is not ADDRESS:PORT", listen.StandardError);

        var open = Cli.Run("--dir", _served.Path, "serve", "--listen", "0.0.0.0:0");
        Assert.Equal(3, open.ExitCode);
        Assert.Contains("token", open.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_pulled.Path));
    }

    /// <summary>A long-running <c>sharedtyped</c> process, read line by line, stopped with SIGTERM (as a service manager would).</summary>
    private class LongRunning : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        protected LongRunning(params string[] arguments)
        {
            Assert.True(File.Exists(Repository.CliDll), $"The CLI is not built at '{Repository.CliDll}'.");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])[Repository.CliDll, .. arguments])
            {
                start.ArgumentList.Add(argument);
            }
            _process = Process.Start(start)!;
            _process.ErrorDataReceived += (_, e) => { lock (_lines) { if (e.Data is not null) _lines.Add("stderr: " + e.Data); } };
            _process.BeginErrorReadLine();
        }

        /// <summary>The first line of standard output that starts with <paramref name="prefix"/>; fails with everything seen after a minute.</summary>
        public string WaitForLine(string prefix)
        {
            var reading = Task.Run(() =>
            {
                while (_process.StandardOutput.ReadLine() is { } line)
                {
                    lock (_lines) { _lines.Add(line); }
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
                return null;
            });
            Assert.True(reading.Wait(TimeSpan.FromMinutes(1)) && reading.Result is not null,
                $"sharedtyped never printed '{prefix}…'; it printed:\n{string.Join('\n', Snapshot())}");
            return reading.Result!;
        }

        private string[] Snapshot()
        {
            lock (_lines) { return [.. _lines]; }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
            _process.Dispose();
        }
    }

    private sealed class ServerProcess : LongRunning
    {
        private ServerProcess(string directory) : base("--dir", directory, "serve", "--listen", "127.0.0.1:0") { }

        public string Address { get; private set; } = "";

        public static ServerProcess Start(string directory)
        {
            var server = new ServerProcess(directory);
            var line = server.WaitForLine("serving ");
            server.Address = line[(line.LastIndexOf(' ') + 1)..];
            Assert.StartsWith("http://127.0.0.1:", server.Address);
            return server;
        }
    }

    private sealed class FollowerProcess : LongRunning
    {
        private FollowerProcess(string directory, string address, string name, string local)
            : base("--dir", directory, "pull", address, name, "--as", local, "--follow") { }

        public static FollowerProcess Start(string directory, string address, string name, string local)
        {
            var follower = new FollowerProcess(directory, address, name, local);
            follower.WaitForLine("following ");
            return follower;
        }
    }
}
