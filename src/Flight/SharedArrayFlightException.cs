namespace SharedTyped.Flight;

/// <summary>
/// A transfer over Arrow Flight failed: the peer refused it, broke off, or sent something that does not
/// describe the array it claims to (a size, shape or type that disagrees). Nothing was left behind.
/// </summary>
public sealed class SharedArrayFlightException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SharedArrayFlightException(string message, Exception? inner = null) : base(message, inner) { }
}
