using System.CommandLine;
using SharedTyped.Flight;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>pull URI NAME</c>: a served array into a local segment that appears only once every byte arrived;
/// with <c>--follow</c> it then keeps that replica at the server's newest version until Ctrl+C.
/// </summary>
internal static class PullCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("pull", "Copy array NAME from a Flight server (sharedtyped serve) into a local segment");
        var server = new Argument<string>("URI") { Description = "The server, as serve prints it: grpc+unix:///PATH, http://HOST:PORT or grpc+tls://HOST:PORT" };
        var name = new Argument<string>("NAME") { Description = "The array on the server" };
        var local = new Option<string?>("--as") { Description = "The local segment's name (default: NAME)", HelpName = "LOCAL" };
        var follow = new Option<bool>("--follow") { Description = "Keep the local segment at the server's newest version until Ctrl+C" };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = $"A file holding the server's bearer token (default: ${FlightToken.Variable})",
            HelpName = "PATH",
        };
        var token = new Option<string?>("--token") { Hidden = true };
        var force = new Option<bool>("--force") { Description = "Replace a local segment that has the name" };
        command.Arguments.Add(server);
        command.Arguments.Add(name);
        command.Options.Add(local);
        command.Options.Add(follow);
        command.Options.Add(tokenFile);
        command.Options.Add(token);
        command.Options.Add(force);
        common.SetAction(command, context =>
        {
            if (context.Parse.GetValue(token) is not null)
            {
                throw FlightToken.InArgv();
            }
            return Run(context, new Request(
                context.Parse.GetRequiredValue(server), context.Parse.GetRequiredValue(name), context.Parse.GetValue(local),
                context.Parse.GetValue(follow), FlightToken.Read(context.Parse.GetValue(tokenFile)), context.Parse.GetValue(force)));
        });
        return command;
    }

    private sealed record Request(string Server, string Name, string? Local, bool Follow, string? Token, bool Force);

    private static ExitCode Run(CommandContext context, Request request)
    {
        // Both names are checked before anything is sent or received.
        Failures.CheckName(request.Name);
        var localName = request.Local ?? request.Name;
        Failures.CheckName(localName);
        if (!Uri.TryCreate(request.Server, UriKind.Absolute, out var server)
            || server.Scheme is not ("http" or "https" or "grpc" or "grpc+tcp" or "grpc+tls" or "grpc+unix" or "grpc+unix+tls" or "unix"))
        {
            throw new CliFailure(ExitCode.Usage,
                $"'{request.Server}' is not a server address (grpc+unix:///PATH, http://HOST:PORT, https://HOST:PORT or grpc+tls://HOST:PORT).");
        }
        var connection = new FlightConnectionOptions { Token = request.Token };
        var create = new CreateOptions { Directory = context.Directory, Force = request.Force };
        try
        {
            return request.Follow ? Follow(context, server, request, localName, connection, create) : Pull(context, server, request, localName, connection, create);
        }
        catch (SharedArrayFlightException e)
        {
            throw new CliFailure(ExitCode.IOError, e.Message);
        }
        catch (SharedArrayExistsException) when (!request.Force)
        {
            throw new CliFailure(ExitCode.Exists,
                ExistsMessage.For(localName, null, $"Pass --force to replace it, or --as LOCAL to pull '{request.Name}' under another name."));
        }
    }

    private static ExitCode Pull(CommandContext context, Uri server, Request request, string localName, FlightConnectionOptions connection, CreateOptions create)
    {
        ProgressBar? bar = null;
        var options = new PullOptions
        {
            LocalName = localName,
            Connection = connection,
            Create = create,
            // A bar is for a person watching a terminal; redirected, it would only fill a log with carriage returns.
            Progress = Console.IsErrorRedirected ? null : p => (bar ??= new ProgressBar(context.Error, $"pull {request.Name}", p.TotalBytes)).Report(p.BytesReceived),
        };
        using var array = PullUntyped(server, request.Name, options);
        bar?.Finish();
        context.Output.Text.WriteLine($"pulled {request.Name} from {server} into {localName} (shape {SegmentFacts.Shape(array.Shape.ToArray())})");
        Failures.WarnWindowsLifetime(context.Error, localName);
        return ExitCode.Ok;
    }

    private static ISharedArray PullUntyped(Uri server, string name, PullOptions options) =>
        SharedArrayFlight.PullAsync(server, name, options).GetAwaiter().GetResult();

    private static ExitCode Follow(CommandContext context, Uri server, Request request, string localName, FlightConnectionOptions connection, CreateOptions create)
    {
        using var stop = StopSignals.Cancellation();
        var options = new FollowOptions
        {
            LocalName = localName,
            Connection = connection,
            Create = create,
            Updated = u =>
            {
                context.Output.Text.WriteLine($"version {u.RemoteVersion}");
                context.Output.Text.Flush();
            },
            Interrupted = i =>
            {
                context.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"sharedtyped: following {request.Name} from {server} interrupted ({i.Error.Message.TrimEnd('.')}); retrying in {i.RetryIn.TotalSeconds:0.##} s (attempt {i.Attempt})"));
                context.Error.Flush();
            },
        };
        ISharedArrayFollower follower;
        try
        {
            follower = SharedArrayFlight.FollowAsync(server, request.Name, options, stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            return ExitCode.Ok;
        }
        try
        {
            return Watch(context, server, request, localName, follower, stop);
        }
        finally
        {
            follower.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ExitCode Watch(CommandContext context, Uri server, Request request, string localName, ISharedArrayFollower follower, StopSignals stop)
    {
        context.Output.Text.WriteLine($"following {request.Name} from {server} into {localName} at version {follower.RemoteVersion}");
        context.Output.Text.Flush();
        var stopped = Task.Delay(Timeout.Infinite, stop.Token);
        var first = Task.WhenAny(follower.Completion, stopped).GetAwaiter().GetResult();
        if (first == follower.Completion && follower.Completion.Exception is { } failure)
        {
            throw new CliFailure(ExitCode.IOError, $"following {request.Name} from {server} stopped: {failure.GetBaseException().Message}");
        }
        return ExitCode.Ok;
    }
}
