namespace SharedTyped.Cli.Commands;

/// <summary><c>load FILE NAME</c>: a <c>.npy</c> or cdxcore <c>to_file</c> file into a new segment, with a progress bar for big files.</summary>
internal static class LoadCommand
{
    /// <summary>Smaller files load faster than a bar can be read.</summary>
    private const long ProgressThreshold = 16L << 20;

    private sealed record Loaded(long[] Shape, long Bytes, bool Attached);

    public static ExitCode Run(CommandLine line, Output output, TextWriter stderr)
    {
        line.ExpectArguments(2, 2, "load FILE NAME [--accept-existing] [--progress] [--dir DIR] [--json]");
        var (path, name) = (line.Arguments[0], line.Arguments[1]);
        var options = new LoadOptions { AcceptExisting = line.AcceptExisting, Directory = line.Directory };
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
            using var reader = new ArrayFile.Reader(path, name);
            (code, dataBytes) = (reader.Layout.Code, reader.Layout.DataBytes);
        }

        ProgressBar? bar = line.Progress || (!Console.IsErrorRedirected && dataBytes >= ProgressThreshold)
            ? new ProgressBar(stderr, $"loading {Path.GetFileName(path)}", dataBytes)
            : null;
        Loaded loaded;
        try
        {
            loaded = ElementDispatch.Run(code, new LoadAction(path, name, format, options, bar is null ? null : bar.Report));
        }
        finally
        {
            bar?.Finish();
        }

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

    private sealed class LoadAction(string path, string name, FileFormat format, LoadOptions options, Action<long>? progress)
        : IElementAction<Loaded>
    {
        public Loaded Run<T>() where T : unmanaged
        {
            var result = format == FileFormat.Npy
                ? NpyFile.Load<T>(path, name, default, checkShape: false, options, progress)
                : SharedArray.Load<T>(path, name, default, checkShape: false, options, progress);
            using var array = result.Array;
            return new Loaded(array.Shape.ToArray(), array.ByteLength, result.Attached);
        }
    }
}
