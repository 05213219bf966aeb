using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using SharedTyped.Flight;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>serve</c>: the shared-memory directory over Apache Arrow Flight until Ctrl+C or SIGTERM. On this user's
/// Unix socket unless told otherwise; TCP needs a token, which comes from the environment or a file, never argv.
/// </summary>
internal static class ServeCommand
{
    /// <summary>How long a stopping server may take before the command returns anyway.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(4);

    public static Command Create(CommonOptions common)
    {
        var command = new Command("serve", "Serve the shared arrays of the directory over Apache Arrow Flight (docs/flight.md)");
        var listen = new Option<string?>("--listen")
        {
            Description = "unix:PATH, or HOST:PORT for TCP (needs a token; port 0 picks a free one). Default: this user's Unix socket (on Windows, required: HOST:PORT)",
            HelpName = "ADDRESS",
        };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = $"A file holding the bearer token every client must send (default: ${FlightToken.Variable}); needed on TCP",
            HelpName = "PATH",
        };
        var token = new Option<string?>("--token") { Hidden = true };
        var allowPut = new Option<bool>("--allow-put") { Description = "Let clients create or replace segments (DoPut)" };
        command.Options.Add(listen);
        command.Options.Add(tokenFile);
        command.Options.Add(token);
        command.Options.Add(allowPut);
        common.SetAction(command, context =>
        {
            if (context.Parse.GetValue(token) is not null)
            {
                throw FlightToken.InArgv();
            }
            return Run(context, context.Parse.GetValue(listen), FlightToken.Read(context.Parse.GetValue(tokenFile)), context.Parse.GetValue(allowPut));
        });
        return command;
    }

    private static ExitCode Run(CommandContext context, string? listen, string? token, bool allowPut)
    {
        if (listen is null && OperatingSystem.IsWindows())
        {
            // The default is a socket in this user's own directory, which only Unix has (docs/flight.md).
            throw new CliFailure(ExitCode.Usage,
                $"serve on Windows needs --listen HOST:PORT (for example localhost:{SharedArrayFlightServerOptions.DefaultPort}) and a token ({FlightToken.Advice}): there is no per-user Unix socket to serve on by default.");
        }
        var endPoint = listen is null ? null : Parse(listen);
        if (endPoint is IPEndPoint && token is null)
        {
            throw new CliFailure(ExitCode.Invalid,
                $"--listen {listen} is TCP, which every local user can connect to: it needs a token ({FlightToken.Advice}), or leave --listen out to serve on this user's Unix socket.");
        }
        var options = new SharedArrayFlightServerOptions { Listen = endPoint, Token = token, AllowPut = allowPut, Directory = context.Directory };
        using var stop = StopSignals.Cancellation();
        var where = SharedMemory.SegmentDirectory(context.Directory) ?? "shared memory";
        var run = SharedArrayFlightServer.RunAsync(options, address =>
        {
            // The address goes out first and alone on its line, so a script (or a test) can read where it listens.
            context.Output.Text.WriteLine($"serving {where} at {address}");
            context.Output.Text.Flush();
        }, stop.Token);
        WaitHandle.WaitAny([((IAsyncResult)run).AsyncWaitHandle, stop.Token.WaitHandle]);
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(StopBound))
        {
            // A call the server could not end in time (a reader stuck in the kernel): the process ends regardless.
            context.Error.WriteLine($"sharedtyped: the server did not stop within {StopBound.TotalSeconds} s; exiting anyway.");
            return ExitCode.Ok;
        }
        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (ArgumentException e) when (e.ParamName == nameof(SharedArrayFlightServerOptions.Token))
        {
            throw new CliFailure(ExitCode.Invalid, $"{Failures.Message(e)} ({FlightToken.Advice})");
        }
        return ExitCode.Ok;
    }

    /// <summary><c>unix:PATH</c>, <c>HOST:PORT</c> (an address, <c>localhost</c>, <c>[::1]:PORT</c>), or a host alone on the default port.</summary>
    private static EndPoint Parse(string listen)
    {
        if (listen.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = listen["unix:".Length..];
            return Path.IsPathRooted(path) ? new UnixDomainSocketEndPoint(path)
                : throw new CliFailure(ExitCode.Usage, $"--listen '{listen}' names no absolute socket path (unix:/run/user/1000/arrays.sock).");
        }
        var colon = listen.LastIndexOf(':');
        var host = colon > 0 && !listen.EndsWith(']') ? listen[..colon] : listen;
        var portText = colon > 0 && !listen.EndsWith(']') ? listen[(colon + 1)..] : null;
        var port = SharedArrayFlightServerOptions.DefaultPort;
        if (portText is not null && !int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            throw Usage(listen);
        }
        host = host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : throw Usage(listen);
    }

    private static CliFailure Usage(string listen) => new(ExitCode.Usage,
        $"--listen '{listen}' is not unix:PATH or ADDRESS:PORT (for example localhost:{SharedArrayFlightServerOptions.DefaultPort} or unix:/run/user/1000/arrays.sock).");
}
