using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;

namespace SharedTyped.Flight;

/// <summary>
/// The Flight action that blocks until an array's version differs from one the caller has seen: the
/// server waits in <c>WaitForChange</c> (a futex, no polling) and answers with the version now. Bodies
/// are JSON (docs/flight.md). A request that names the segment the caller holds (<c>segment_id</c>, the
/// identity learnt with its last fetch) is answered <c>replaced</c> at once when the name now names another
/// segment, whatever the versions; one without it (an older client) is answered on versions alone.
/// </summary>
internal static class WaitForVersion
{
    public const string ActionType = "wait_for_version";
    public const string ActionDescription =
        "Blocks until the array's version differs from seen_version, the segment under the name is not segment_id (when given), or timeout_ms passes. " +
        "Body: {\"name\": NAME, \"seen_version\": N, \"timeout_ms\": MS, \"segment_id\": ID or null}. " +
        "Result: {\"name\": NAME, \"version\": N, \"changed\": BOOL, \"replaced\": BOOL, \"segment_id\": ID}.";

    /// <summary>The longest one wait may block; a follower simply asks again.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public sealed record Request(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("seen_version")] long SeenVersion,
        [property: JsonPropertyName("timeout_ms")] long TimeoutMs,
        [property: JsonPropertyName("segment_id")] string? SegmentId = null);

    public sealed record Result(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] long Version,
        [property: JsonPropertyName("changed")] bool Changed,
        [property: JsonPropertyName("replaced")] bool Replaced = false,
        [property: JsonPropertyName("segment_id")] string? SegmentId = null);

    public static ByteString Encode<TBody>(TBody body) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(body));

    /// <summary>Reads a body from the wire; anything but the expected JSON object throws <paramref name="refuse"/>'s exception.</summary>
    public static TBody Decode<TBody>(ByteString body, Func<string, Exception> refuse) where TBody : class
    {
        if (body.Length > 4096)
        {
            throw refuse($"a body of {body.Length} bytes is too long");
        }
        try
        {
            return JsonSerializer.Deserialize<TBody>(body.Span, new JsonSerializerOptions { MaxDepth = 2, RespectRequiredConstructorParameters = true })
                ?? throw refuse("the body is null");
        }
        catch (JsonException e)
        {
            throw refuse($"the body is not a {typeof(TBody).Name} object ({e.Message})");
        }
    }
}
