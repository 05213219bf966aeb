using System.Diagnostics;
using System.Text;

namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>What the peer process left: its exit code and everything it printed.</summary>
public sealed record PeerResult(string Command, int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"'{Command}' exited with {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs <c>SharedTyped.Generated.Peer</c> (copied to <c>peer/</c> by the build) with <c>dotnet</c>, or its own executable where one was published (see <see cref="TestPeers.PeerCommand"/>).</summary>
internal static class Peer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "peer", "SharedTyped.Generated.Peer.dll");

    public static PeerResult Run(params string[] arguments)
    {
        var (program, prefix) = TestPeers.PeerCommand.For(DllPath);
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (SegmentDirectory.Path is not null)
        {
            start.Environment[SegmentDirectory.Variable] = SegmentDirectory.Path;
        }

        var command = $"peer {string.Join(' ', arguments)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {s_timeout}.");
        }
        process.WaitForExit();
        lock (output) lock (error)
        {
            return new PeerResult(command, process.ExitCode, output.ToString(), error.ToString());
        }
    }
}
