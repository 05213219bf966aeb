using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// A peer process that runs alongside the test (a <see cref="ChildProcess"/>): the .NET peer's <c>sync</c>
/// commands or tests/python/sync_peer.py. Its output is read line by line as it comes, so a test can wait
/// for "ready", act, and kill it in the middle of what it does.
/// </summary>
internal sealed class Child(ChildProcess process) : IDisposable
{
    public string Command => process.Command;

    public int ProcessId => process.Id;

    /// <summary>The .NET peer running <c>sync <paramref name="arguments"/></c>.</summary>
    public static Child DotNet(params string[] arguments) => new(PeerCommand.Start(Peer.DllPath, ["sync", .. arguments]));

    /// <summary>tests/python/sync_peer.py running <paramref name="arguments"/>.</summary>
    public static Child Python(params string[] arguments) =>
        new(ChildProcess.Start(SharedTyped.TestSupport.Python.Require(), [InteropScript.PathOf("sync_peer.py"), .. arguments]));

    /// <summary>The next line the child prints; fails the test if it exits or hangs first.</summary>
    public string ReadLine() => process.ReadLine();

    /// <summary>Whether the child prints a line within <paramref name="wait"/> (it is then consumed): for asserting that it stays silent.</summary>
    public bool PrintsWithin(TimeSpan wait, out string? line) => process.TryReadLine(wait, out line);

    /// <summary>The next line, which must start with <paramref name="prefix"/>; what follows it.</summary>
    public string Expect(string prefix)
    {
        var line = ReadLine();
        Assert.True(line.StartsWith(prefix, StringComparison.Ordinal), $"{Command} printed '{line}', expected '{prefix}…'.");
        return line[prefix.Length..].Trim();
    }

    public void Send(string line) => process.Send(line);

    /// <summary>SIGKILL: no clean-up of any kind runs in the child.</summary>
    public void Kill() => process.Kill();

    /// <summary>Waits for a normal exit and returns the exit code.</summary>
    public int WaitForExit() => process.WaitForExit();

    public void Dispose() => process.Dispose();
}
