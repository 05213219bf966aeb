namespace SharedTyped;

/// <summary>
/// The segment this array maps was removed or replaced under its name by a SharedTyped process
/// (<c>Delete</c>, a <c>Force</c> create, a <c>DeleteOnDispose</c> array or the last
/// <c>LastProcessOut</c> holder leaving), which marked it retired in its sync block: no producer
/// publishes to it any more. <c>WaitForChange</c> and <c>WaitForChangeAsync</c> end with this instead of
/// sleeping until their timeout; attach the name again to follow the new segment
/// (docs/guarantees.md, "Retired segments").
/// </summary>
public sealed class SharedArrayReplacedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayReplacedException(string message, string arrayName, long version) : base(message)
    {
        ArrayName = arrayName;
        Version = version;
    }

    /// <summary>The segment name.</summary>
    public string ArrayName { get; }

    /// <summary>The last version published on the retired segment.</summary>
    public long Version { get; }
}
