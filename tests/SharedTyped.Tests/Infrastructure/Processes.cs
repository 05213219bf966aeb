using System.Diagnostics;
using System.Text;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>What a finished child process left: its exit code and everything it printed.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() => $"'{Command}' exited with {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

internal static class Processes
{
    /// <summary>A generous bound for a child that hangs; a test never depends on how long a child takes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var command = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {Timeout}.\n{output}\n{error}");
        }
        process.WaitForExit();
        lock (output) lock (error)
        {
            return new ProcessResult(command, process.ExitCode, output.ToString(), error.ToString());
        }
    }

    /// <summary>Waits until process <paramref name="pid"/> has exited (a zombie counts as exited).</summary>
    public static void WaitUntilGone(int pid)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var stat = $"/proc/{pid}/stat";
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return;
            }
            // The state follows the parenthesised command name, which may itself contain spaces.
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state is "Z" or "X")
            {
                return;
            }
            Thread.Sleep(20);
        }
        throw new TimeoutException($"Process {pid} was still running after {Timeout}.");
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
