using System.Globalization;

namespace SharedTyped.Testing;

/// <summary>Shapes on a command line: <c>3x4</c>, <c>5</c>, and <c>scalar</c> for rank 0.</summary>
public static class ShapeText
{
    public static string Format(ReadOnlySpan<long> shape) =>
        shape.IsEmpty ? "scalar" : string.Join('x', shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));

    public static long[] Parse(string text) =>
        text == "scalar" ? [] : text.Split('x').Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The shape as JSON for the Python scripts: <c>[3,4]</c>, <c>[]</c>.</summary>
    public static string Json(ReadOnlySpan<long> shape) =>
        "[" + string.Join(',', shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
