namespace SharedTyped.Flight;

/// <summary>What a Flight server says about one of its arrays (<c>GetFlightInfo</c> / <c>ListFlights</c>), checked like a hostile header.</summary>
/// <param name="Name">The segment name on the server.</param>
/// <param name="Code">The element-type code.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Version">The published version, or null for a segment without versions (made by cdxcore or numpy).</param>
/// <param name="DataBytes">The bytes the elements take.</param>
public sealed record RemoteArrayInfo(string Name, DTypeCode Code, IReadOnlyList<long> Shape, long? Version, long DataBytes)
{
    /// <summary>numpy's name of the element type.</summary>
    public string ElementType => DTypeCodes.Name(Code);

    internal static RemoteArrayInfo From(ArrayDescription array) => new(array.Name, array.Code, array.Shape, array.Version, array.DataBytes);
}
