using System.CommandLine;
using System.Net;
using SharedTyped.Flight;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>serve</c>: the shared-memory directory over Apache Arrow Flight until Ctrl+C or SIGTERM. Loopback
/// unless told otherwise; another address, or puts, need a token (the server refuses to start without one).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("serve", "Serve the shared arrays of the directory over Apache Arrow Flight (docs/flight.md)");
        var listen = new Option<string?>("--listen")
        {
            Description = $"ADDRESS:PORT to listen on (default 127.0.0.1:{SharedArrayFlightServerOptions.DefaultPort}; port 0 picks a free one)",
            HelpName = "ADDRESS:PORT",
        };
        var token = new Option<string?>("--token") { Description = "Bearer token every client must send (needed off loopback and with --allow-put)", HelpName = "TOKEN" };
        var allowPut = new Option<bool>("--allow-put") { Description = "Let clients with the token create or replace segments (DoPut)" };
        command.Options.Add(listen);
        command.Options.Add(token);
        command.Options.Add(allowPut);
        common.SetAction(command, context => Run(context, context.Parse.GetValue(listen), context.Parse.GetValue(token), context.Parse.GetValue(allowPut)));
        return command;
    }

    private static ExitCode Run(CommandContext context, string? listen, string? token, bool allowPut)
    {
        var endPoint = listen is null ? new IPEndPoint(IPAddress.Loopback, SharedArrayFlightServerOptions.DefaultPort)
            : IPEndPoint.TryParse(listen, out var parsed) ? parsed
            : throw new CliFailure(ExitCode.Usage, $"--listen '{listen}' is not ADDRESS:PORT (for example 127.0.0.1:{SharedArrayFlightServerOptions.DefaultPort}).");
        var options = new SharedArrayFlightServerOptions { Listen = endPoint, Token = token, AllowPut = allowPut, Directory = context.Directory };
        using var stop = StopSignals.Cancellation();
        var where = SharedArray.SegmentDirectory(context.Directory) ?? "shared memory";
        SharedArrayFlightServer.RunAsync(options, address =>
        {
            // The address goes out first and alone on its line, so a script (or a test) can read the port it got.
            context.Output.Text.WriteLine($"serving {where} at {address}");
            context.Output.Text.Flush();
        }, stop.Token).GetAwaiter().GetResult();
        return ExitCode.Ok;
    }
}
