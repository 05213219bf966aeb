using System.Text.Encodings.Web;
using System.Text.Json;

namespace SharedTyped.Cli;

/// <summary>Where a command's results go: plain text for people, or one JSON document for scripts.</summary>
internal sealed class Output(TextWriter writer, bool json)
{
    public bool Json { get; } = json;

    public TextWriter Text { get; } = writer;

    /// <summary>Writes one JSON document built by <paramref name="write"/>, indented, followed by a newline.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }
        Text.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Rows as left-aligned columns under a header line.</summary>
    public void WriteTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Line(IReadOnlyList<string> cells) =>
            Text.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))));
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }
    }
}
