using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary><c>load FILE NAME</c>: a <c>.npy</c> or cdxcore <c>to_file</c> file into a new segment, with a progress bar for big files.</summary>
internal static class LoadCommand
{
    /// <summary>Smaller files load faster than a bar can be read.</summary>
    private const long ProgressThreshold = 16L << 20;

    private sealed record Loaded(long[] Shape, long Bytes, bool Attached);

    /// <summary>What the command line asked for besides the file and the name.</summary>
    private readonly record struct Request(bool AcceptExisting, bool Progress);

    public static Command Create(CommonOptions common)
    {
        var command = new Command("load", "Read a .npy or cdxcore to_file file into a new segment NAME");
        var file = new Argument<string>("FILE") { Description = "The .npy or to_file file" };
        var name = new Argument<string>("NAME") { Description = "The new segment" };
        var acceptExisting = new Option<bool>("--accept-existing") { Description = "Attach to an existing segment of the same type and shape instead of failing" };
        var progress = new Option<bool>("--progress") { Description = "Always draw the progress bar on stderr (default: for files of 16 MiB or more when stderr is a terminal)" };
        command.Arguments.Add(file);
        command.Arguments.Add(name);
        command.Options.Add(acceptExisting);
        command.Options.Add(progress);
        common.SetAction(command, context => Run(context, context.Parse.GetRequiredValue(file), context.Parse.GetRequiredValue(name),
            new Request(context.Parse.GetValue(acceptExisting), context.Parse.GetValue(progress))));
        return command;
    }

    private static ExitCode Run(CommandContext context, string path, string name, Request request)
    {
        // Everything that can be known without the file is checked first: a taken name fails in
        // microseconds instead of after reading a gigabyte. (Load itself still refuses atomically.)
        Failures.CheckName(name);
        if (!request.AcceptExisting && SharedArray.Exists(name, context.Directory))
        {
            throw new CliFailure(ExitCode.Exists,
                $"Shared array '{name}' already exists ('{SharedArray.Locate(name, context.Directory)}'); " +
                "pass --accept-existing to attach to it when its type and shape match the file, or remove it first (sharedtyped rm).");
        }
        var format = FileFormats.Detect(path, name);

        DTypeCode code;
        long dataBytes;
        if (format == FileFormat.Npy)
        {
            var header = NpyFile.ReadHeader(path);
            // A dtype with no element type still goes through Load, whose refusal names the file and the dtype.
            code = header.ElementCode ?? DTypeCode.UInt8;
            dataBytes = header.ElementCode is { } known ? header.Length * DTypeCodes.ItemSize(known) : 0;
        }
        else
        {
            var header = SharedArray.InspectFile(path, name);
            (code, dataBytes) = (header.Code, header.DataBytes);
        }

        var bar = request.Progress || (!Console.IsErrorRedirected && dataBytes >= ProgressThreshold)
            ? new ProgressBar(context.Error, $"loading {Path.GetFileName(path)}", dataBytes)
            : null;
        var options = new LoadOptions { AcceptExisting = request.AcceptExisting, Directory = context.Directory, Progress = bar };
        Loaded loaded;
        try
        {
            loaded = ElementDispatch.Run(code, new LoadAction(path, name, format, options));
        }
        finally
        {
            bar?.Finish();
        }

        var output = context.Output;
        var elementType = DTypeCodes.Name(code);
        var shape = SegmentFacts.Shape(loaded.Shape);
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("file", path);
                json.WriteString("format", FileFormats.Name(format));
                json.WriteString("elementType", elementType);
                SegmentFacts.WriteShape(json, loaded.Shape);
                json.WriteNumber("dataBytes", loaded.Bytes);
                json.WriteBoolean("attached", loaded.Attached);
                json.WriteEndObject();
            });
        }
        else if (loaded.Attached)
        {
            output.Text.WriteLine($"attached to existing {name} ({elementType}, shape {shape}): it matches {path}");
        }
        else
        {
            output.Text.WriteLine($"loaded {path} ({FileFormats.Name(format)}, {elementType}, shape {shape}, {loaded.Bytes} bytes) into {name}");
        }
        return ExitCode.Ok;
    }

    private sealed class LoadAction(string path, string name, FileFormat format, LoadOptions options) : IElementAction<Loaded>
    {
        public Loaded Run<T>() where T : unmanaged
        {
            var result = format == FileFormat.Npy ? NpyFile.Load<T>(path, name, options) : SharedArray.Load<T>(path, name, options);
            using var array = result.Array;
            return new Loaded(array.Shape.ToArray(), array.ByteLength, result.Attached);
        }
    }
}
