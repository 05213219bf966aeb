namespace SharedTyped.CodeAnalysis;

/// <summary>
/// Metadata names and member names the generator and the analyzers look for. Kept in one place so
/// that a rename in the runtime is one edit here.
/// </summary>
internal static class KnownNames
{
    /// <summary><c>SharedTyped.SharedArrayAttribute&lt;T&gt;</c>: the element type is the type argument.</summary>
    public const string GenericAttribute = "SharedTyped.SharedArrayAttribute`1";

    /// <summary><c>SharedTyped.SharedArrayAttribute</c>: the element type is <see cref="double"/> (numpy's default dtype).</summary>
    public const string DoubleAttribute = "SharedTyped.SharedArrayAttribute";

    /// <summary>The attribute property holding the segment name.</summary>
    public const string NameProperty = "Name";

    /// <summary>The attribute property holding the dimensions.</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>A leading dimension of this value is given at <c>Create</c> and accepted as found at <c>Attach</c>.</summary>
    public const int DynamicExtent = -1;
}
