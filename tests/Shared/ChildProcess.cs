using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace SharedTyped.TestSupport;

/// <summary>What a finished child process left: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines of <see cref="Output"/>, trimmed.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"'{Command}' exited with {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>
/// The one way the tests start a real process (a peer, the CLI, Python, a system tool). Every wait is
/// bounded: a child that hangs is killed and fails the test instead of hanging it. Started with
/// <see cref="Start"/>, its stdout lines are queued so that a test can wait for them, and its stdin takes
/// commands; <see cref="Run"/> waits for it to end and returns what it printed.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>A generous bound for a child that hangs; a test never depends on how long a child takes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly List<string> _seen = [];

    private ChildProcess(ProcessStartInfo start)
    {
        Command = $"{start.FileName} {string.Join(' ', start.ArgumentList)}";
        _process = new Process { StartInfo = start };
        if (!_process.Start())
        {
            throw new InvalidOperationException($"Could not start {Command}.");
        }
        // Read as raw text (a progress bar's '\r' is not a line break); stdout is also cut into lines at '\n'.
        // A thread of its own for each pipe: a test may run many children and block the pool's threads.
        _outputRead = Task.Factory.StartNew(() => Pump(_process.StandardOutput, _output, _lines), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _errorRead = Task.Factory.StartNew(() => Pump(_process.StandardError, _errors, null), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private readonly Task _outputRead;
    private readonly Task _errorRead;

    private static void Pump(StreamReader reader, StringBuilder text, BlockingCollection<string>? lines)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (text)
                {
                    text.Append(buffer, 0, read);
                }
                if (lines is null)
                {
                    continue;
                }
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        lines.Add(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else
                    {
                        line.Append(buffer[i]);
                    }
                }
            }
            if (lines is not null && line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd('\r'));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // The process was disposed while its pipe was read.
        }
        finally
        {
            lines?.CompleteAdding();
        }
    }

    /// <summary>The command line, for messages.</summary>
    public string Command { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the child printed on stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="program"/>. An environment value of <c>null</c> removes the variable.
    /// Before the program come the words of <paramref name="wrapper"/> (e.g. <c>unshare -m</c>), which
    /// must exec it so that <see cref="Id"/> is the program's own process id.
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null, IReadOnlyList<string>? wrapper = null)
    {
        wrapper ??= [];
        var start = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in wrapper.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        if (wrapper.Count > 0)
        {
            start.ArgumentList.Add(program);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        return new ChildProcess(start);
    }

    /// <summary>Runs <paramref name="program"/> with stdin closed and waits (bounded) for it to end.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        using var child = Start(program, arguments, environment, workingDirectory);
        child.CloseInput();
        var limit = timeout ?? Timeout;
        if (!child.TryWaitForExit(limit))
        {
            child.Kill(entireTree: true);
            throw new TimeoutException($"{child.Command} did not finish within {limit}.\n{child.Output}\n{child.Errors}");
        }
        return new ProcessResult(child.Command, child._process.ExitCode, child.Output, child.Errors);
    }

    /// <summary>Everything the child printed on stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The next line the child prints; fails the test if it exits or stays silent instead.</summary>
    public string ReadLine(TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        if (_lines.TryTake(out var line, limit))
        {
            lock (_seen)
            {
                _seen.Add(line);
            }
            return line;
        }
        throw new InvalidOperationException(_lines.IsCompleted
            ? $"Process {Id} ended (exit code {ExitCodeIfEnded}) instead of printing a line{Describe()}"
            : $"Process {Id} printed no line within {limit.TotalSeconds} s{Describe()}");
    }

    /// <summary>Whether the child prints a line within <paramref name="wait"/> (it is then consumed): for asserting that it stays silent.</summary>
    public bool TryReadLine(TimeSpan wait, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? line)
    {
        if (_lines.TryTake(out line, wait))
        {
            lock (_seen)
            {
                _seen.Add(line);
            }
            return true;
        }
        return false;
    }

    /// <summary>The next line, which must start with <paramref name="prefix"/>.</summary>
    public string Expect(string prefix)
    {
        var line = ReadLine();
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Process {Id} printed '{line}', expected a line starting with '{prefix}'{Describe()}");
        }
        return line;
    }

    /// <summary>
    /// Reads lines until one starts with <paramref name="prefix"/> and returns it; fails with everything seen
    /// if the child ends or stays silent first.
    /// </summary>
    public string WaitForLine(string prefix)
    {
        while (true)
        {
            var line = ReadLine();
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Waits (bounded) for a line on stderr that starts with <paramref name="prefix"/>.</summary>
    public void WaitForError(string prefix)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!Errors.Split('\n').Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Process {Id} never printed '{prefix}…' on stderr{Describe()}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Writes one line to the child's stdin.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the child's stdin (end of input).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits (bounded) for the child to end and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!TryWaitForExit(Timeout))
        {
            throw new InvalidOperationException($"Process {Id} did not exit within {Timeout.TotalSeconds} s{Describe()}");
        }
        return _process.ExitCode;
    }

    /// <summary>The exit code of the ended child.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>SIGTERM, as a service manager stops a service; whether the child exited within <paramref name="limit"/>.</summary>
    public bool Terminate(TimeSpan limit)
    {
        if (!_process.HasExited)
        {
            var kill = Run("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (kill.ExitCode != 0 && !_process.HasExited)
            {
                throw new InvalidOperationException($"Could not send SIGTERM to process {Id}: {kill}");
            }
        }
        return TryWaitForExit(limit);
    }

    /// <summary>Whether the child ended within <paramref name="limit"/> (its output read to the end if so).</summary>
    public bool TryWaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            return false;
        }
        _process.WaitForExit();
        // What it printed up to its end (a grandchild that keeps the pipes open is not waited for).
        Task.WaitAll([_outputRead, _errorRead], TimeSpan.FromSeconds(10));
        return true;
    }

    /// <summary>
    /// SIGKILL, as the OOM killer or <c>kill -9</c> would: the child runs no more code. Its own children (a
    /// LastProcessOut watcher, say) live on unless <paramref name="entireTree"/>.
    /// </summary>
    public void Kill(bool entireTree = false)
    {
        try
        {
            _process.Kill(entireTree);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
        WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(Timeout);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    /// <summary>Waits until process <paramref name="pid"/> has exited (a zombie counts as exited).</summary>
    public static void WaitUntilGone(int pid)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid))
            {
                return;
            }
            Thread.Sleep(20);
        }
        throw new TimeoutException($"Process {pid} was still running after {Timeout}.");
    }

    /// <summary>Whether process <paramref name="pid"/> runs (a zombie does not), from <c>/proc/PID/stat</c>.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The state follows the parenthesised command name, which may itself contain spaces.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string ExitCodeIfEnded => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none yet";

    private string Describe()
    {
        lock (_seen)
        {
            return $". Lines so far: [{string.Join(" | ", _seen)}]. Stderr: {Errors}";
        }
    }
}
