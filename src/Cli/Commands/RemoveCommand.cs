namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>rm NAME…</c>: removes segments. A file without a valid header is left alone unless <c>--force</c>,
/// so a typo cannot delete another program's shared memory.
/// </summary>
internal static class RemoveCommand
{
    private sealed record Outcome(string Name, bool Removed, string? Error, ExitCode Code);

    public static ExitCode Run(CommandLine line, Output output, TextWriter stderr)
    {
        line.ExpectArguments(1, int.MaxValue, "rm NAME... [--force] [--dir DIR] [--json]");
        var outcomes = line.Arguments.Select(name => Remove(name, line.Directory, line.Force)).ToList();
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
                output.Text.WriteLine($"removed {outcome.Name}");
            }
        }
        return outcomes.FirstOrDefault(o => o.Code != ExitCode.Ok)?.Code ?? ExitCode.Ok;
    }

    private static Outcome Remove(string name, string? directory, bool force)
    {
        try
        {
            if (!SharedArray.Exists(name, directory))
            {
                return new Outcome(name, false, $"Shared array '{name}' does not exist ('{SegmentFacts.Path(name, directory)}').", ExitCode.NotFound);
            }
            if (!force)
            {
                try
                {
                    SharedArray.Inspect(name, directory, allowForeignOwner: true);
                }
                catch (SharedArrayFormatException e)
                {
                    return new Outcome(name, false, $"'{name}' is not a shared array, left alone (use --force to remove it anyway): {e.Message}", ExitCode.Invalid);
                }
            }
            return SharedArray.Delete(name, directory)
                ? new Outcome(name, true, null, ExitCode.Ok)
                : new Outcome(name, false, $"Shared array '{name}' is still held by a process; its name is not free yet.", ExitCode.IOError);
        }
        catch (Exception e) when (App.Classify(e) is { } code)
        {
            return new Outcome(name, false, e.Message, code);
        }
    }
}
