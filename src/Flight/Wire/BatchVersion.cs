using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace SharedTyped.Flight;

/// <summary>
/// The version a batch's rows were read at, carried as the batch's Flight app metadata in ASCII
/// decimal (docs/flight.md). A receiver takes a stream as one snapshot only when every batch names the same version.
/// </summary>
internal static class BatchVersion
{
    public static ByteString? Encode(long? version) =>
        version is { } v ? ByteString.CopyFrom(v.ToString(CultureInfo.InvariantCulture), Encoding.ASCII) : null;

    /// <summary>The version in <paramref name="metadata"/>; null when there is none; throws for anything else.</summary>
    public static long? Decode(IReadOnlyList<ByteString> metadata, Func<string, Exception> refuse)
    {
        if (metadata.Count == 0)
        {
            return null;
        }
        var text = metadata.Count == 1 && metadata[0].Length <= 19 ? metadata[0].ToStringUtf8() : null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw refuse("a batch's app metadata is not a version");
    }
}
