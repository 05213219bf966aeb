namespace SharedTyped.Cli.Commands;

/// <summary><c>save NAME FILE</c>: a segment to a file, <c>.npy</c> when the file name says so, cdxcore <c>to_file</c> otherwise.</summary>
internal static class SaveCommand
{
    public static ExitCode Run(CommandLine line, Output output)
    {
        line.ExpectArguments(2, 2, "save NAME FILE [--time-unit UNIT] [--dir DIR] [--json]");
        var (name, path) = (line.Arguments[0], line.Arguments[1]);
        var format = Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? FileFormat.Npy : FileFormat.ToFile;
        if (line.TimeUnit is not null && format != FileFormat.Npy)
        {
            throw new UsageException("--time-unit applies to .npy files only; to_file records no unit.");
        }
        var info = SharedArray.Inspect(name, line.Directory, allowForeignOwner: true);
        // Reading another user's segment to a file of our own is harmless, unlike trusting it for writes.
        var options = new AttachOptions { Directory = line.Directory, AllowForeignOwner = true };
        ElementDispatch.Run(info.Code, new SaveAction(name, path, format, options, line.TimeUnit));

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

    private sealed class SaveAction(string name, string path, FileFormat format, AttachOptions options, string? timeUnit) : IElementAction<bool>
    {
        public bool Run<T>() where T : unmanaged
        {
            using var array = SharedArray.AttachReadOnly<T>(name, options);
            if (format == FileFormat.Npy)
            {
                array.SaveNpy(path, timeUnit);
            }
            else
            {
                array.Save(path);
            }
            return true;
        }
    }
}
