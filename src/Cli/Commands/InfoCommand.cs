using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace SharedTyped.Cli.Commands;

/// <summary><c>info NAME</c>: what one segment's header and the system say about it.</summary>
internal static class InfoCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("info", "One segment: element type, shape, sizes, owner, mode, lifetime and holders");
        var name = common.NameArgument("The segment");
        command.Arguments.Add(name);
        common.SetAction(command, context => Run(context, context.Parse.GetRequiredValue(name)));
        return command;
    }

    private static ExitCode Run(CommandContext context, string name)
    {
        var output = context.Output;
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = context.Directory });
        var stat = SharedMemory.Stat(name, context.Directory);
        var path = SharedMemory.Locate(name, context.Directory);
        if (output.Json)
        {
            output.WriteJson(json => WriteSegment(json, info, path, stat));
            return ExitCode.Ok;
        }
        var facts = new (string Key, string Value)[]
        {
            ("name", info.Name),
            ("path", path),
            ("element type", $"{SegmentFacts.ElementType(info.Code)} (code {(int)info.Code})"),
            ("readable by", DTypeCodes.IsCdxcoreCompatible(info.Code) ? "SharedTyped, cdxcore and numpy" : "SharedTyped only"),
            ("shape", SegmentFacts.Shape(info.Shape)),
            ("elements", Number(info.Length)),
            ("item size", Number(info.ItemSize)),
            ("data offset", Number(info.DataOffset)),
            ("data bytes", Number(info.Length * info.ItemSize)),
            ("segment bytes", Number(info.SegmentBytes)),
            ("owner", info.OwnerId < 0 ? "-" : $"{SegmentFacts.Owner(info.OwnerId)} ({info.OwnerId})"),
            ("mode", SegmentFacts.Mode(info.Mode)),
            ("lifetime", stat is null ? "-" : SegmentFacts.Lifetime(stat)),
            ("huge pages", SegmentFacts.HugePages(info)),
            ("sync block", SegmentFacts.Sync(info)),
            ("segment id", info.SegmentId.Length == 0 ? "-" : info.SegmentId),
        };
        var width = facts.Max(f => f.Key.Length);
        foreach (var (key, value) in facts)
        {
            output.Text.WriteLine($"{key.PadRight(width)}  {value}");
        }
        return ExitCode.Ok;
    }

    /// <summary>One segment as a JSON object; <c>list --json</c> writes the same objects (without the stat's facts).</summary>
    public static void WriteSegment(Utf8JsonWriter json, SegmentInfo info, string path, SegmentStat? stat = null)
    {
        json.WriteStartObject();
        json.WriteString("name", info.Name);
        json.WriteBoolean("ours", true);
        json.WriteString("status", ListCommand.JsonStatus(ours: true));
        json.WriteString("path", path);
        json.WriteString("elementType", info.ElementType);
        json.WriteNumber("code", (int)info.Code);
        json.WriteBoolean("cdxcoreCompatible", DTypeCodes.IsCdxcoreCompatible(info.Code));
        SegmentFacts.WriteShape(json, info.Shape);
        json.WriteNumber("elements", info.Length);
        json.WriteNumber("itemSize", info.ItemSize);
        json.WriteNumber("dataOffset", info.DataOffset);
        json.WriteNumber("dataBytes", info.Length * info.ItemSize);
        json.WriteNumber("segmentBytes", info.SegmentBytes);
        json.WriteNumber("uid", info.OwnerId);
        json.WriteString("owner", SegmentFacts.Owner(info.OwnerId));
        json.WriteString("mode", SegmentFacts.Mode(info.Mode));
        json.WriteBoolean("usesHugePages", info.UsesHugePages);
        json.WriteNumber("hugePageBytes", info.HugePageBytes);
        json.WriteBoolean("hasSyncBlock", info.HasSyncBlock);
        json.WriteString("segmentId", info.SegmentId);
        if (info.HasSyncBlock)
        {
            json.WriteNumber("version", info.Version);
            json.WriteBoolean("writeInProgress", info.WriteInProgress);
            json.WriteBoolean("writeLockHeld", info.WriteLockHeld);
            json.WriteBoolean("writeAbandoned", info.WriteAbandoned);
            json.WriteString("readerWriterLock", info.ReaderWriterLock);
        }
        if (stat is not null)
        {
            json.WriteString("lifetime", stat.ApparentLifetime switch
            {
                SegmentLifetime.LastProcessOut => "lastProcessOut",
                SegmentLifetime.Persistent => "persistent",
                _ => "unknown",
            });
            if (stat.Holders is { } holders)
            {
                json.WriteStartArray("holders");
                foreach (var pid in holders)
                {
                    json.WriteNumberValue(pid);
                }
                json.WriteEndArray();
            }
        }
        json.WriteEndObject();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
