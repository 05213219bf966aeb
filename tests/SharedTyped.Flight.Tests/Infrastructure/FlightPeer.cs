using System.Diagnostics;
using System.Text;

namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// A Flight server in a process of its own (tests/SharedTyped.Flight.Peer, copied to flight-peer/ beside
/// the tests), listening on 127.0.0.1 on a port the system picks. It serves until disposed or killed.
/// </summary>
internal sealed class FlightPeer : IDisposable
{
    /// <summary>A generous bound for a peer that hangs; no test depends on how long a peer takes.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private FlightPeer(IEnumerable<string> arguments)
    {
        var dll = System.IO.Path.Combine(AppContext.BaseDirectory, "flight-peer", "SharedTyped.Flight.Peer.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The Flight peer was not built next to the tests: '{dll}' is missing.", dll);
        }
        var host = Environment.ProcessPath is { } path && System.IO.Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Flight peer.");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        var line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(Timeout) || line.Result is not { } text || !text.StartsWith("listening ", StringComparison.Ordinal))
        {
            Kill();
            throw new InvalidOperationException($"The Flight peer did not start listening: '{(line.IsCompleted ? line.Result : "(no answer)")}'\n{Errors}");
        }
        Address = new Uri(text["listening ".Length..]);
        if (Address.Host != "127.0.0.1")
        {
            Kill();
            throw new InvalidOperationException($"The Flight peer listens on {Address}, not on 127.0.0.1.");
        }
    }

    public Uri Address { get; }

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

    /// <summary>The real server over <paramref name="directory"/>.</summary>
    public static FlightPeer Serve(string directory, string? token = null, bool allowPut = false, int? maxBatchBytes = null)
    {
        List<string> arguments = ["serve", "--dir", directory];
        if (token is not null)
        {
            arguments.AddRange(["--token", token]);
        }
        if (allowPut)
        {
            arguments.Add("--allow-put");
        }
        if (maxBatchBytes is { } bytes)
        {
            arguments.AddRange(["--max-batch-bytes", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        return new FlightPeer(arguments);
    }

    /// <summary>A server that lies about every array, in the way the first part of its name says (see the peer's <c>Lie</c>).</summary>
    public static FlightPeer Lying() => new(["lie"]);

    /// <summary>SIGKILL, as a crashed or unplugged server: nothing of it runs afterwards.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                Kill();
            }
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
