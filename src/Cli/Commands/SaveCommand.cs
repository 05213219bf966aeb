using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary><c>save NAME FILE</c>: a segment to a file, <c>.npy</c> when the file name says so, cdxcore <c>to_file</c> otherwise.</summary>
internal static class SaveCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("save", "Write segment NAME to FILE: .npy if FILE ends in .npy, else cdxcore to_file");
        var name = common.NameArgument("The segment to save");
        var file = new Argument<string>("FILE") { Description = "The file to write (written beside it, then renamed into place)" };
        var force = new Option<bool>("--force") { Description = "Replace a regular file already at FILE (a link, directory, FIFO or device never is)" };
        var timeUnit = new Option<string?>("--time-unit")
        {
            Description = "For .npy: record datetime64/timedelta64 elements in this unit (ns, s, D, ...); the segment keeps tick counts without a unit, so the default is numpy's generic unit",
            HelpName = "UNIT",
        };
        timeUnit.CompletionSources.Add("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as");
        command.Arguments.Add(name);
        command.Arguments.Add(file);
        command.Options.Add(timeUnit);
        command.Options.Add(force);
        common.SetAction(command, context => Run(context, context.Parse.GetRequiredValue(name), context.Parse.GetRequiredValue(file),
            new SaveOptions { Overwrite = context.Parse.GetValue(force), TimeUnit = context.Parse.GetValue(timeUnit) }));
        return command;
    }

    private static ExitCode Run(CommandContext context, string name, string path, SaveOptions save)
    {
        var output = context.Output;
        Failures.CheckName(name);
        var format = Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? DataFileFormat.Npy : DataFileFormat.ToFile;
        if (save.TimeUnit is not null && format != DataFileFormat.Npy)
        {
            throw new CliFailure(ExitCode.Usage, "--time-unit applies to .npy files only; to_file records no unit.");
        }
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = context.Directory });
        // Reading another user's segment to a file of our own is harmless, unlike trusting it for writes.
        var options = new AttachOptions { Directory = context.Directory, AcceptForeignSegment = true };
        try
        {
            ElementDispatch.Run(info.Code, new SaveAction(name, path, format, options, save));
        }
        catch (SharedArrayFileExistsException e)
        {
            // The library names its option; here the flag is what the user can type.
            throw new CliFailure(ExitCode.Exists, $"Cannot save shared array '{name}' to '{e.Path}': a file is already there; pass --force to replace it.");
        }

        var shape = SegmentFacts.Shape(info.Shape);
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("file", path);
                json.WriteString("format", FileFormats.Name(format));
                json.WriteString("elementType", info.ElementType);
                SegmentFacts.WriteShape(json, info.Shape);
                json.WriteNumber("dataBytes", info.Length * info.ItemSize);
                json.WriteEndObject();
            });
        }
        else
        {
            output.Text.WriteLine($"saved {name} ({info.ElementType}, shape {shape}) to {path} ({FileFormats.Name(format)})");
        }
        return ExitCode.Ok;
    }

    private sealed class SaveAction(string name, string path, DataFileFormat format, AttachOptions options, SaveOptions save) : IElementAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var array = SharedArray.AttachReadOnly<T>(name, options);
            if (format == DataFileFormat.Npy)
            {
                array.SaveNpy(path, save);
            }
            else
            {
                array.Save(path, save);
            }
            return true;
        }
    }
}
