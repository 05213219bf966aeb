using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// A peer process that runs alongside the test: the .NET peer's <c>sync</c> commands or
/// tests/python/sync_peer.py. Its output is read line by line as it comes, so a test can wait for
/// "ready", act, and kill it in the middle of what it does.
/// </summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly StringBuilder _error = new();

    private Child(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Command = $"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}";
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Command}.");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) _lines.CompleteAdding();
            else _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Command { get; }

    public int ProcessId => _process.Id;

    /// <summary>The .NET peer running <c>sync <paramref name="arguments"/></c>.</summary>
    public static Child DotNet(params string[] arguments) => new(Peer.Command.Program, [.. Peer.Command.Prefix, "sync", .. arguments]);

    /// <summary>tests/python/sync_peer.py running <paramref name="arguments"/>.</summary>
    public static Child Python(params string[] arguments) =>
        new(Infrastructure.Python.Require(), [Path.Combine(Infrastructure.Python.ScriptDirectory, "sync_peer.py"), .. arguments]);

    /// <summary>The next line the child prints; fails the test if it exits or hangs first.</summary>
    public string ReadLine()
    {
        try
        {
            if (_lines.TryTake(out var line, Processes.Timeout))
            {
                return line;
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.WaitForExit(1000);
        lock (_error)
        {
            throw new Xunit.Sdk.XunitException($"{Command} printed no further line (exited: {_process.HasExited}).\n--- stderr ---\n{_error}");
        }
    }

    /// <summary>Whether the child prints a line within <paramref name="wait"/> (it is then consumed): for asserting that it stays silent.</summary>
    public bool PrintsWithin(TimeSpan wait, out string? line)
    {
        try
        {
            return _lines.TryTake(out line, wait);
        }
        catch (InvalidOperationException)
        {
            line = null;
            return false;
        }
    }

    /// <summary>The next line, which must start with <paramref name="prefix"/>; what follows it.</summary>
    public string Expect(string prefix)
    {
        var line = ReadLine();
        Assert.True(line.StartsWith(prefix, StringComparison.Ordinal), $"{Command} printed '{line}', expected '{prefix}…'.");
        return line[prefix.Length..].Trim();
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>SIGKILL: no clean-up of any kind runs in the child.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for a normal exit and returns the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Processes.Timeout))
        {
            throw new TimeoutException($"{Command} did not exit within {Processes.Timeout}.");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
