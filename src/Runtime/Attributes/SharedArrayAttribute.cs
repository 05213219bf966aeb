namespace SharedTyped;

/// <summary>
/// Declares a strongly typed shared array: the SharedTyped source generator fills the
/// <c>partial</c> class with <c>Create</c>, <c>Attach</c>, <c>TryAttach</c>, <c>Delete</c>,
/// <c>Load</c>, a <c>ref</c> indexer with constant strides and the shape as constants.
/// </summary>
/// <typeparam name="T">The element type; an unmanaged type, ideally one of cdxcore's dtypes.</typeparam>
/// <example>
/// <code>
/// [SharedArray&lt;double&gt;(Name = "prices", Shape = [10, 3])]
/// public partial class Prices;
///
/// using var prices = Prices.Create(fill: 0.0);
/// prices[3, 1] = 42.0;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SharedArrayAttribute<T> : Attribute where T : unmanaged
{
    /// <summary>The segment name: a single file name (in <c>/dev/shm</c> on Linux).</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The dimensions; empty for a scalar. A leading <c>-1</c> means the first extent is given at
    /// <c>Create</c> and accepted as found at <c>Attach</c>.
    /// </summary>
    public int[] Shape { get; set; } = [];
}

/// <summary>
/// Declares a shared array of <see cref="double"/> (numpy's default dtype); see
/// <see cref="SharedArrayAttribute{T}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SharedArrayAttribute : Attribute
{
    /// <summary>The segment name: a single file name (in <c>/dev/shm</c> on Linux).</summary>
    public string Name { get; set; } = "";

    /// <summary>The dimensions; empty for a scalar; a leading <c>-1</c> is given at <c>Create</c>.</summary>
    public int[] Shape { get; set; } = [];
}
