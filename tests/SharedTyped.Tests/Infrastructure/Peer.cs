namespace SharedTyped.Tests.Infrastructure;

/// <summary>The second process of the cross-process tests: tests/SharedTyped.Peer, copied to peer/ beside the tests.</summary>
internal static class Peer
{
    public static string DllPath => PeerCommand.Locate("peer", "SharedTyped.Peer.dll");

    /// <summary>The program that starts the peer, and the arguments before the peer's own (see <see cref="PeerCommand"/>).</summary>
    public static (string Program, string[] Prefix) Command => PeerCommand.For(DllPath);

    /// <summary>Runs <c>SharedTyped.Peer command args…</c> and waits for it.</summary>
    public static ProcessResult Run(params string[] arguments) => PeerCommand.Run(DllPath, arguments);

    /// <summary>Starts <c>SharedTyped.Peer serve</c>, which answers one command line at a time.</summary>
    public static PeerSession Serve() => new(PeerCommand.Start(DllPath, ["serve"]));
}

/// <summary>A running peer that reads a command per line and answers with one line (<c>ok …</c> or <c>error …</c>).</summary>
internal sealed class PeerSession(ChildProcess process) : IDisposable
{
    private bool _disposed;

    public int ProcessId => process.Id;

    /// <summary>Sends one command and returns the peer's answer line.</summary>
    public string Send(string command)
    {
        process.Send(command);
        return process.ReadLine();
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
        if (!process.HasExited)
        {
            try
            {
                process.Send("quit");
            }
            catch (IOException)
            {
            }
            if (!process.TryWaitForExit(ChildProcess.Timeout))
            {
                process.Kill();
            }
        }
        process.Dispose();
    }
}
