using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SharedTyped.Flight;
using SharedTyped.Flight.Peer;

// The server side of the Flight tests, a process of its own:
//   serve --dir DIR [--socket PATH] [--token T] [--allow-put] [--max-batch-bytes N] [--max-waits N] [--max-waits-per-connection N]
//       the real server over DIR, on the Unix socket PATH, or with a token on 127.0.0.1 (a free port)
//   lie [--socket PATH]     a server that lies in the way the name asked for says
// Each prints "listening URI" once it listens, then serves until its standard input closes or SIGTERM.
var command = args.Length > 0 ? args[0] : "";
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var defaults = new SharedArrayFlightServerOptions();
var options = new SharedArrayFlightServerOptions
{
    Listen = Option("--socket") is { } socket ? new UnixDomainSocketEndPoint(socket) : new IPEndPoint(IPAddress.Loopback, 0),
    Directory = Option("--dir"),
    Token = Option("--token"),
    AllowPut = args.Contains("--allow-put"),
    MaxBatchBytes = Option("--max-batch-bytes") is { } bytes ? int.Parse(bytes) : defaults.MaxBatchBytes,
    MaxPendingWaits = Option("--max-waits") is { } waits ? int.Parse(waits) : defaults.MaxPendingWaits,
    MaxPendingWaitsPerConnection = Option("--max-waits-per-connection") is { } mine ? int.Parse(mine) : defaults.MaxPendingWaitsPerConnection,
};
SharedArrayFlightServer server;
switch (command)
{
    case "serve":
        server = await SharedArrayFlightServer.StartAsync(options);
        break;
    case "lie":
        server = await LyingFlightService.StartAsync(options);
        break;
    default:
        Console.Error.WriteLine($"unknown command '{command}'");
        return 2;
}
using var stop = new CancellationTokenSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
await using (server)
{
    Console.WriteLine($"listening {server.Address}");
    // Console.In reads synchronously even through its async methods: the read runs on a thread of its own.
    await Task.WhenAny(Task.Run(Console.In.ReadToEnd), Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
}
return 0;
