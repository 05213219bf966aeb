namespace SharedTyped;

/// <summary>
/// A write to the array began and its writer died before finishing: the data may be half written.
/// Readers get this instead of waiting for ever; the next <c>BeginWrite</c> takes over and, once
/// disposed, makes the array consistent again.
/// </summary>
public sealed class SharedArrayTornException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayTornException(string message, string arrayName, long version) : base(message)
    {
        ArrayName = arrayName;
        Version = version;
    }

    /// <summary>The segment name.</summary>
    public string ArrayName { get; }

    /// <summary>The last version published before the abandoned write.</summary>
    public long Version { get; }
}
