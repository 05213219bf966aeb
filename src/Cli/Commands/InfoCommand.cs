using System.Globalization;
using System.Text.Json;

namespace SharedTyped.Cli.Commands;

/// <summary><c>info NAME</c>: what one segment's header and the system say about it.</summary>
internal static class InfoCommand
{
    public static ExitCode Run(CommandLine line, Output output)
    {
        line.ExpectArguments(1, 1, "info NAME [--dir DIR] [--json]");
        var name = line.Arguments[0];
        var info = SharedArray.Inspect(name, line.Directory, allowForeignOwner: true);
        var path = SegmentFacts.Path(name, line.Directory);
        if (output.Json)
        {
            output.WriteJson(json => WriteSegment(json, info, path));
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
        };
        var width = facts.Max(f => f.Key.Length);
        foreach (var (key, value) in facts)
        {
            output.Text.WriteLine($"{key.PadRight(width)}  {value}");
        }
        return ExitCode.Ok;
    }

    /// <summary>One segment as a JSON object; <c>list --json</c> writes the same objects.</summary>
    public static void WriteSegment(Utf8JsonWriter json, SegmentInfo info, string path)
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
        json.WriteEndObject();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
