using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace SharedTyped.Cli.Commands;

/// <summary>
/// <c>list</c>: every file in the shared-memory directory, with what its header says; "not ours" when it has no
/// valid header, "no access" when this user may not open it (its header cannot be read, so it may well be a shared array).
/// </summary>
internal static class ListCommand
{
    /// <summary>What a file of the directory turned out to be.</summary>
    private enum Status
    {
        /// <summary>A shared array: its header was read.</summary>
        Ours,

        /// <summary>Readable, but not a shared array (or not a regular file).</summary>
        NotOurs,

        /// <summary>A regular file this user may not open: whether it is a shared array cannot be told.</summary>
        NoAccess,
    }

    /// <summary>One file of the directory: a shared array (<see cref="Info"/> set), or something else with <see cref="Reason"/> saying why and the rest from its stat.</summary>
    private sealed record Entry(string Name, Status Status, SegmentInfo? Info, string? Reason, long Bytes, long OwnerId, int Mode);

    public static Command Create(CommonOptions common)
    {
        var command = new Command("list", "Every segment in the directory; files without a valid header are \"not ours\", files you may not open \"no access\"");
        common.SetAction(command, Run);
        return command;
    }

    private static ExitCode Run(CommandContext context)
    {
        var output = context.Output;
        var directory = SharedMemory.SegmentDirectory(context.Directory);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The shared-memory directory '{directory}' does not exist.");
        }
        var entries = SharedMemory.List(context.Directory).Select(name => Look(name, context.Directory)).OfType<Entry>().ToList();
        if (output.Json)
        {
            output.WriteJson(json =>
            {
                json.WriteStartObject();
                json.WriteString("directory", directory);
                json.WriteStartArray("segments");
                foreach (var entry in entries)
                {
                    Write(json, entry, context.Directory);
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
            var info = SharedMemory.Inspect(name, new InspectOptions { Directory = directory });
            return new Entry(name, Status.Ours, info, null, info.SegmentBytes, info.OwnerId, info.Mode);
        }
        catch (SharedArrayNotFoundException)
        {
            return null; // removed while we looked
        }
        catch (Exception e) when (e is SharedArrayFormatException or UnauthorizedAccessException or IOException or ArgumentException)
        {
            if (SharedMemory.Stat(name, directory) is not { } file)
            {
                return null; // removed while we looked
            }
            // Permission denied on a regular file; a symbolic link is refused as one too, but it is never a segment.
            var status = e is UnauthorizedAccessException && file.IsRegularFile ? Status.NoAccess : Status.NotOurs;
            return new Entry(name, status, null, Failures.Message(e), file.Bytes, file.OwnerId, file.Mode);
        }
    }

    private static IReadOnlyList<string> Row(Entry entry) => entry.Info is { } info
        ? [entry.Name, SegmentFacts.ElementType(info.Code), SegmentFacts.Shape(info.Shape), Bytes(entry.Bytes), SegmentFacts.Owner(info.OwnerId), SegmentFacts.Mode(info.Mode)]
        : [entry.Name, entry.Status == Status.NoAccess ? "no access" : "not ours", "-", Bytes(entry.Bytes), SegmentFacts.Owner(entry.OwnerId), SegmentFacts.Mode(entry.Mode)];

    private static string Bytes(long bytes) => bytes < 0 ? "-" : bytes.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>status</c> of a <c>list --json</c> entry: <c>ours</c>, <c>notOurs</c> or <c>noAccess</c>.</summary>
    public static string JsonStatus(bool ours, bool noAccess = false) => ours ? "ours" : noAccess ? "noAccess" : "notOurs";

    private static void Write(Utf8JsonWriter json, Entry entry, string? directory)
    {
        var path = SharedMemory.Locate(entry.Name, directory);
        if (entry.Info is { } info)
        {
            InfoCommand.WriteSegment(json, info, path);
            return;
        }
        json.WriteStartObject();
        json.WriteString("name", entry.Name);
        json.WriteBoolean("ours", false);
        json.WriteString("status", JsonStatus(ours: false, noAccess: entry.Status == Status.NoAccess));
        json.WriteString("path", path);
        json.WriteString("reason", entry.Reason);
        json.WriteNumber("segmentBytes", entry.Bytes);
        json.WriteNumber("uid", entry.OwnerId);
        json.WriteString("owner", SegmentFacts.Owner(entry.OwnerId));
        json.WriteString("mode", SegmentFacts.Mode(entry.Mode));
        json.WriteEndObject();
    }
}
