using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// One run of SharedTyped.Reliability.Peer: a real second process. Its stdout lines are queued so
/// the test can wait for them; waits are bounded so a broken peer fails the test instead of hanging it.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> PeerAssembly = new(LocatePeer);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private readonly List<string> _seen = [];

    private PeerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
            }
            else
            {
                _lines.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static PeerProcess Start(params string[] arguments) => Start(null, arguments);

    public static PeerProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        StartUnder([], environment, arguments);

    /// <summary>
    /// Runs the peer through <paramref name="wrapper"/> (e.g. <c>unshare -m</c>), which must exec it
    /// so that <see cref="Id"/> is the peer's own process id.
    /// </summary>
    public static PeerProcess StartUnder(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (program, prefix) = TestPeers.PeerCommand.For(PeerAssembly.Value);
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in wrapper.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        if (wrapper.Count > 0)
        {
            start.ArgumentList.Add(program);
        }
        foreach (var argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start };
        var peer = new PeerProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>The next line the peer prints; fails the test if it exits or stays silent instead.</summary>
    public string ReadLine()
    {
        if (_lines.TryTake(out var line, Patience))
        {
            _seen.Add(line);
            return line;
        }
        throw new InvalidOperationException($"Peer {Id} printed no line within {Patience.TotalSeconds} s{Describe()}");
    }

    /// <summary>The next line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        var line = ReadLine();
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Peer {Id} printed '{line}', expected a line starting with '{prefix}'{Describe()}");
        }
        return line;
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits (bounded) for the peer to end and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Patience))
        {
            throw new InvalidOperationException($"Peer {Id} did not exit within {Patience.TotalSeconds} s{Describe()}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or <c>kill -9</c> would: the peer runs no more code.</summary>
    public void Kill()
    {
        _process.Kill();
        WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(Patience);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private string Describe()
    {
        lock (_errors)
        {
            return $". Lines so far: [{string.Join(" | ", _seen)}]. Stderr: {_errors}";
        }
    }

    /// <summary>
    /// The peer's build output sits beside this project's: tests/X/bin/Config/Tfm → tests/Peer/bin/Config/Tfm;
    /// a published suite (.ci/windows) has it in <c>peer/</c> beside the tests.
    /// </summary>
    private static string LocatePeer()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "peer", "SharedTyped.Reliability.Peer.dll");
        if (File.Exists(published))
        {
            return published;
        }
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var peer = Path.Combine(tests, "SharedTyped.Reliability.Peer", "bin", configuration, tfm, "SharedTyped.Reliability.Peer.dll");
        return File.Exists(peer)
            ? peer
            : throw new FileNotFoundException($"The peer process is not built at '{peer}'; build tests/SharedTyped.Reliability.Peer.", peer);
    }
}
