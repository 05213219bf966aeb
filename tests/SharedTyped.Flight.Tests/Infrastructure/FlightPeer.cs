using System.Diagnostics;
using System.Text;

namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// A Flight server in a process of its own (tests/SharedTyped.Flight.Peer, copied to flight-peer/ beside
/// the tests), listening on a Unix socket in a private directory of its own (or, with a token, on 127.0.0.1
/// on a port the system picks). It serves until disposed, stopped with SIGTERM or killed.
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
        if (Address.Scheme != "grpc+unix" && Address.Host != "127.0.0.1")
        {
            Kill();
            throw new InvalidOperationException($"The Flight peer listens on {Address}, not on a Unix socket or 127.0.0.1.");
        }
    }

    public Uri Address { get; }

    /// <summary>The server process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the server process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The threads of the server process now, from <c>/proc/PID/status</c>.</summary>
    public int Threads => int.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SIGTERM, as a service manager stops a server; returns whether it exited within <paramref name="limit"/>.</summary>
    public bool Terminate(TimeSpan limit)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        return _process.WaitForExit(limit);
    }

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
    /// The real server over <paramref name="directory"/>, on the Unix socket <paramref name="socket"/> (a new one in a
    /// private directory when null), or on 127.0.0.1 when <paramref name="tcp"/> (which needs <paramref name="token"/>).
    /// </summary>
    public static FlightPeer Serve(string directory, string? token = null, bool allowPut = false, int? maxBatchBytes = null,
        string? socket = null, bool tcp = false, params string[] more)
    {
        List<string> arguments = ["serve", "--dir", directory];
        if (!tcp)
        {
            arguments.AddRange(["--socket", socket ?? SocketDirectory.NewSocket()]);
        }
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
        arguments.AddRange(more);
        return new FlightPeer(arguments);
    }

    /// <summary>A server that lies about every array, in the way the first part of its name says (see the peer's <c>Lie</c>).</summary>
    public static FlightPeer Lying() => new(["lie", "--socket", SocketDirectory.NewSocket()]);

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
