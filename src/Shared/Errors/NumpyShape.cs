using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SharedTyped;

/// <summary>
/// numpy's spelling of a shape, as <c>repr</c> of a tuple writes it: <c>(10, 3)</c>, <c>(5,)</c>, <c>()</c>.
/// The one writer of that text: compiled into the runtime (messages and <c>.npy</c> headers), the generator,
/// the analyzers, Flight and the CLI (linked). Written for netstandard2.0, which the analyzers target.
/// </summary>
internal static class NumpyShape
{
    /// <summary>The shape's text.</summary>
    public static string Format(IEnumerable<long> shape) => Format(shape.Select(static d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The shape's text.</summary>
    public static string Format(IEnumerable<int> shape) => Format(shape.Select(static d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The text of a shape whose extents are already spelled (the generator spells a run-time extent as an expression).</summary>
    public static string Format(IEnumerable<string> extents)
    {
        var spelled = extents.ToList();
        return spelled.Count == 1 ? "(" + spelled[0] + ",)" : "(" + string.Join(", ", spelled) + ")";
    }
}
