using System.Diagnostics;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>The second process of the cross-process tests: tests/SharedTyped.Peer, copied to peer/ beside the tests.</summary>
internal static class Peer
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "peer", "SharedTyped.Peer.dll");

    /// <summary>The program that starts the peer, and the arguments before the peer's own (see <see cref="TestPeers.PeerCommand"/>).</summary>
    public static (string Program, string[] Prefix) Command => TestPeers.PeerCommand.For(DllPath);

    /// <summary>Runs <c>dotnet SharedTyped.Peer.dll command args…</c> and waits for it.</summary>
    public static ProcessResult Run(params string[] arguments)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException($"The peer was not built next to the tests: '{DllPath}' is missing.", DllPath);
        }
        var (program, prefix) = Command;
        return Processes.Run(program, [.. prefix, .. arguments]);
    }

    /// <summary>Starts <c>dotnet SharedTyped.Peer.dll serve</c>, which answers one command line at a time.</summary>
    public static PeerSession Serve() => new(Command);
}

/// <summary>A running peer that reads a command per line and answers with one line (<c>ok …</c> or <c>error …</c>).</summary>
internal sealed class PeerSession : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    public PeerSession((string Program, string[] Prefix) command)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Prefix)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("serve");
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the peer.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    /// <summary>Sends one command and returns the peer's answer line.</summary>
    public string Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(Processes.Timeout))
        {
            throw new TimeoutException($"The peer did not answer '{command}'.");
        }
        return read.Result ?? throw new InvalidOperationException($"The peer exited instead of answering '{command}' (exit code {(_process.HasExited ? _process.ExitCode : -1)}).");
    }

    /// <summary>Sends a command that must succeed; returns what follows "ok".</summary>
    public string Expect(string command)
    {
        var answer = Send(command);
        if (!answer.StartsWith("ok", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The peer answered '{answer}' to '{command}'.");
        }
        return answer.Length > 2 ? answer[3..] : "";
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
            }
            if (!_process.WaitForExit(Processes.Timeout))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
