using System.Net;
using SharedTyped.Flight;
using SharedTyped.Flight.Peer;

// The server side of the Flight tests, a process of its own:
//   serve --dir DIR [--token T] [--allow-put] [--max-batch-bytes N]   the real server over DIR
//   lie                                                               a server that lies in the way the name asked for says
// Each prints "listening URI" once it listens, then serves until its standard input closes.
var command = args.Length > 0 ? args[0] : "";
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var options = new SharedArrayFlightServerOptions
{
    Listen = new IPEndPoint(IPAddress.Loopback, 0),
    Directory = Option("--dir"),
    Token = Option("--token"),
    AllowPut = args.Contains("--allow-put"),
    MaxBatchBytes = Option("--max-batch-bytes") is { } bytes ? int.Parse(bytes) : 4 << 20,
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
await using (server)
{
    Console.WriteLine($"listening {server.Address}");
    await Console.In.ReadToEndAsync();
}
return 0;
