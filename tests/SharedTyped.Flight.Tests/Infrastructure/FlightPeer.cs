namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// A Flight server in a process of its own (tests/SharedTyped.Flight.Peer, copied to flight-peer/ beside
/// the tests), listening on a Unix socket in a private directory of its own (or, with a token, on 127.0.0.1
/// on a port the system picks). It serves until disposed, stopped with SIGTERM or killed.
/// </summary>
internal sealed class FlightPeer : IDisposable
{
    private readonly ChildProcess _process;

    private FlightPeer(IEnumerable<string> arguments)
    {
        _process = PeerCommand.Start(PeerCommand.Locate("flight-peer", "SharedTyped.Flight.Peer.dll"), arguments);
        string line;
        try
        {
            line = _process.ReadLine();
        }
        catch (InvalidOperationException e)
        {
            Kill();
            throw new InvalidOperationException($"The Flight peer did not start listening.\n{Errors}", e);
        }
        if (!line.StartsWith("listening ", StringComparison.Ordinal))
        {
            Kill();
            throw new InvalidOperationException($"The Flight peer did not start listening: '{line}'\n{Errors}");
        }
        Address = new Uri(line["listening ".Length..]);
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
    public bool Terminate(TimeSpan limit) => _process.Terminate(limit);

    public string Errors => _process.Errors;

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
    public void Kill() => _process.Kill(entireTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.CloseInput();
            if (!_process.TryWaitForExit(TimeSpan.FromSeconds(20)))
            {
                Kill();
            }
        }
        _process.Dispose();
    }
}
