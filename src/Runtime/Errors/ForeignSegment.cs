namespace SharedTyped;

/// <summary>
/// What a refusal of another user's segment tells the caller to set: each call that may take such a segment
/// has an option of its own, named for what it does to it (docs/guarantees.md, "Another user's segments").
/// </summary>
internal static class ForeignSegment
{
    /// <summary>The option that lets a call <paramref name="action"/> ("replace", "delete", "inspect" or "attach") another user's segment.</summary>
    public static string Option(string action) => action switch
    {
        "replace" => "CreateOptions.ReplaceForeignSegment",
        "delete" => "DeleteOptions.DeleteForeignSegment",
        "inspect" => "InspectOptions.AcceptForeignSegment",
        _ => "AttachOptions.AcceptForeignSegment (LoadOptions.AcceptForeignSegment for a load)",
    };

    /// <summary>The end of a refusal: which option to set to <paramref name="action"/> the segment all the same.</summary>
    public static string Remedy(string action) => $"Set {Option(action)} to {action} another user's segment.";
}
