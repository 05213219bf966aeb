using System.CommandLine;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>load FILE NAME</c>: a <c>.npy</c>, one array of a <c>.npz</c> (<c>FILE.npz:MEMBER</c>) or a cdxcore <c>to_file</c>
/// file into a new segment, with a progress bar for big files.
/// </summary>
internal static class LoadCommand
{
    /// <summary>Smaller files load faster than a bar can be read.</summary>
    private const long ProgressThreshold = 16L << 20;

    private sealed record Loaded(long[] Shape, long Bytes, bool Attached);

    /// <summary>What the command line asked for besides the file and the name.</summary>
    private readonly record struct Request(bool AcceptExisting, bool Progress);

    public static Command Create(CommonOptions common)
    {
        var command = new Command("load", "Read a .npy, one array of a .npz (FILE.npz:MEMBER) or a cdxcore to_file file into a new segment NAME");
        var file = new Argument<string>("FILE") { Description = "The .npy or to_file file, or ARCHIVE.npz:MEMBER" };
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

    private static ExitCode Run(CommandContext context, string typed, string name, Request request)
    {
        // Everything that can be known without the file is checked first: a taken name fails in
        // microseconds instead of after reading a gigabyte. (Load itself still refuses atomically.)
        Failures.CheckName(name);
        if (!request.AcceptExisting && SharedArray.Exists(name, context.Directory))
        {
            throw new CliFailure(ExitCode.Exists, ExistsMessage.For(name, SharedMemory.Locate(name, context.Directory),
                "Pass --accept-existing to attach to it when its type and shape match the file, or remove it first (sharedtyped rm)."));
        }
        var file = FileArgument.Parse(typed);
        var format = SharedMemory.DetectFileFormat(file.Path, name);
        if (file.Member is not null && format != DataFileFormat.Npz)
        {
            throw new CliFailure(ExitCode.Invalid, $"Cannot load shared array '{name}': '{file.Path}' is not a .npz archive, so it has no member '{file.Member}'.");
        }

        DTypeCode code;
        long dataBytes;
        if (format is DataFileFormat.Npy or DataFileFormat.Npz)
        {
            // A .npz without a member is refused by ReadHeader, with the names of the arrays it holds.
            var header = file.Member is { } member ? NpyFile.ReadMemberHeader(file.Path, member) : NpyFile.ReadHeader(file.Path);
            // A dtype with no element type still goes through Load, whose refusal names the file and the dtype.
            code = header.ElementCode ?? DTypeCode.UInt8;
            dataBytes = header.ElementCode is { } known ? header.Length * DTypeCodes.ItemSize(known) : 0;
        }
        else
        {
            var header = SharedMemory.InspectFile(file.Path, name);
            (code, dataBytes) = (header.Code, header.DataBytes);
        }

        var bar = request.Progress || (!Console.IsErrorRedirected && dataBytes >= ProgressThreshold)
            ? new ProgressBar(context.Error, $"loading {Path.GetFileName(file.ToString())}", dataBytes)
            : null;
        var options = new LoadOptions { AcceptExisting = request.AcceptExisting, Directory = context.Directory, Progress = bar };
        Loaded loaded;
        try
        {
            loaded = ElementDispatch.Run(code, new LoadAction(file, name, format, options));
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
                json.WriteString("file", file.ToString());
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
            output.Text.WriteLine($"attached to existing {name} ({elementType}, shape {shape}): it matches {file}");
        }
        else
        {
            output.Text.WriteLine($"loaded {file} ({FileFormats.Name(format)}, {elementType}, shape {shape}, {loaded.Bytes} bytes) into {name}");
        }
        Failures.WarnWindowsLifetime(context.Error, name);
        return ExitCode.Ok;
    }

    private sealed class LoadAction(FileArgument file, string name, DataFileFormat format, LoadOptions options) : IElementAction<Loaded>
    {
        public Loaded Run<T>() where T : unmanaged
        {
            var result = file.Member is { } member ? NpyFile.LoadMember<T>(file.Path, member, name, options)
                : format == DataFileFormat.ToFile ? SharedArray.Load<T>(file.Path, name, options)
                : NpyFile.Load<T>(file.Path, name, options);
            using var array = result.Array;
            return new Loaded(array.Shape.ToArray(), array.ByteLength, result.Attached);
        }
    }
}
