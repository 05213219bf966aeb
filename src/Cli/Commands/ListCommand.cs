using System.Globalization;
using System.Text.Json;

namespace SharedTyped.Cli.Commands;

/// <summary><c>list</c>: every file in the shared-memory directory, with what its header says, or "not ours".</summary>
internal static class ListCommand
{
    /// <summary>One file of the directory: a shared array (<see cref="Info"/> set) or something else (<see cref="NotOurs"/> says why).</summary>
    private sealed record Entry(string Name, SegmentInfo? Info, string? NotOurs, long Bytes, int Mode);

    public static ExitCode Run(CommandLine line, Output output)
    {
        line.ExpectArguments(0, 0, "list [--dir DIR] [--json]");
        var directory = LinuxSharedMemory.ResolveDirectory(line.Directory);
        if (OperatingSystem.IsLinux() && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The shared-memory directory '{directory}' does not exist.");
        }
        var entries = SharedArray.List(line.Directory).Select(name => Look(name, line.Directory)).OfType<Entry>().ToList();
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteString("directory", directory);
                json.WriteStartArray("segments");
                foreach (var entry in entries)
                {
                    Write(json, entry, line.Directory);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            });
            return ExitCode.Ok;
        }
        output.WriteTable(["NAME", "TYPE", "SHAPE", "BYTES", "OWNER", "MODE"], entries.Select(Row).ToList());
        return ExitCode.Ok;
    }

    private static Entry? Look(string name, string? directory)
    {
        try
        {
            var info = SharedArray.Inspect(name, directory, allowForeignOwner: true);
            return new Entry(name, info, null, info.SegmentBytes, info.Mode);
        }
        catch (SharedArrayNotFoundException)
        {
            return null; // removed while we looked
        }
        catch (Exception e) when (e is SharedArrayFormatException or UnauthorizedAccessException or IOException or ArgumentException)
        {
            var path = SegmentFacts.Path(name, directory);
            var file = new FileInfo(path);
            var mode = OperatingSystem.IsWindows() || !file.Exists ? -1 : (int)File.GetUnixFileMode(path);
            return new Entry(name, null, e.Message, file.Exists ? file.Length : -1, mode);
        }
    }

    private static IReadOnlyList<string> Row(Entry entry) => entry.Info is { } info
        ? [entry.Name, SegmentFacts.ElementType(info.Code), SegmentFacts.Shape(info.Shape), Bytes(entry.Bytes), SegmentFacts.Owner(info.OwnerId), SegmentFacts.Mode(info.Mode)]
        : [entry.Name, "not ours", "-", Bytes(entry.Bytes), "-", SegmentFacts.Mode(entry.Mode)];

    private static string Bytes(long bytes) => bytes < 0 ? "-" : bytes.ToString(CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter json, Entry entry, string? directory)
    {
        if (entry.Info is { } info)
        {
            InfoCommand.WriteSegment(json, info, SegmentFacts.Path(entry.Name, directory));
            return;
        }
        json.WriteStartObject();
        json.WriteString("name", entry.Name);
        json.WriteBoolean("ours", false);
        json.WriteString("reason", entry.NotOurs);
        json.WriteNumber("segmentBytes", entry.Bytes);
        json.WriteString("mode", SegmentFacts.Mode(entry.Mode));
        json.WriteEndObject();
    }
}
