using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>rm NAME…</c>: removes segments. A file without a valid header is left alone unless <c>--force</c>,
/// so a typo cannot delete another program's shared memory.
/// </summary>
internal static class RemoveCommand
{
    private sealed record Outcome(string Name, bool Removed, string? Error, ExitCode Code, string? Note = null);

    /// <summary>What a removal still held by another process means (Windows: docs/guarantees.md, "Windows").</summary>
    private const string HeldNote = "still held by a process, it goes when the last holder lets go; no one can attach it any more";

    public static Command Create(CommonOptions common)
    {
        var command = new Command("rm", "Remove segments (only valid shared arrays, unless --force)");
        var names = common.NamesArgument("The segments to remove");
        var force = new Option<bool>("--force") { Description = "Also remove files that are not shared arrays" };
        var foreign = new Option<bool>("--foreign") { Description = "Also remove segments owned by another user" };
        command.Arguments.Add(names);
        command.Options.Add(force);
        command.Options.Add(foreign);
        common.SetAction(command, context =>
        {
            var chosen = context.Parse.GetRequiredValue(names);
            var options = new Removal(context.Parse.GetValue(force), context.Parse.GetValue(foreign));
            return Run(context, chosen, options);
        });
        return command;
    }

    /// <summary>What <c>rm</c> may remove beyond valid shared arrays of this user.</summary>
    private readonly record struct Removal(bool Force, bool Foreign);

    private static ExitCode Run(CommandContext context, IReadOnlyList<string> names, Removal removal)
    {
        var (output, stderr) = (context.Output, context.Error);
        foreach (var name in names)
        {
            Failures.CheckName(name);
        }
        var outcomes = names.Select(name => Remove(name, context.Directory, removal)).ToList();
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartArray();
                foreach (var outcome in outcomes)
                {
                    json.WriteStartObject();
                    json.WriteString("name", outcome.Name);
                    json.WriteBoolean("removed", outcome.Removed);
                    if (outcome.Note is not null)
                    {
                        json.WriteString("note", outcome.Note);
                    }
                    if (outcome.Error is not null)
                    {
                        json.WriteString("error", outcome.Error);
                        json.WriteNumber("exitCode", (int)outcome.Code);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            });
        }
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is not null)
            {
                stderr.WriteLine($"sharedtyped: {outcome.Error}");
            }
            else if (!output.Json)
            {
                output.Text.WriteLine(outcome.Note is null ? $"removed {outcome.Name}" : $"removed {outcome.Name} ({outcome.Note})");
            }
        }
        return outcomes.FirstOrDefault(o => o.Code != ExitCode.Ok)?.Code ?? ExitCode.Ok;
    }

    private static Outcome Remove(string name, string? directory, Removal removal)
    {
        try
        {
            if (!SharedArray.Exists(name, directory))
            {
                return new Outcome(name, false, $"Shared array '{name}' does not exist ('{SharedMemory.Locate(name, directory)}').", ExitCode.NotFound);
            }
            if (!removal.Force)
            {
                try
                {
                    SharedMemory.Inspect(name, new InspectOptions { Directory = directory });
                }
                catch (SharedArrayFormatException e)
                {
                    return new Outcome(name, false, $"'{name}' is not a shared array, left alone (use --force to remove it anyway): {e.Message}", ExitCode.Invalid);
                }
            }
            // A deletion that cannot happen throws, and is reported below by the kind every entry point uses
            // (src/Shared/Errors/FailureKind.cs); false is a deletion still held by some process (Windows), which it goes with.
            var free = SharedArray.Delete(name, new DeleteOptions { Directory = directory, DeleteForeignSegment = removal.Foreign });
            return new Outcome(name, true, null, ExitCode.Ok, free ? null : HeldNote);
        }
        catch (UnauthorizedAccessException e) when (!removal.Foreign)
        {
            return new Outcome(name, false, $"{Failures.Message(e)} (another user's segment is removed only with --foreign)", ExitCode.Denied);
        }
        catch (Exception e) when (Failures.Classify(e) is { } code)
        {
            return new Outcome(name, false, Failures.Message(e), code);
        }
    }
}
