namespace SharedTyped.Diagnostics;

/// <summary>What the header of a cdxcore <c>to_file</c> file says; see <see cref="SharedMemory.InspectFile"/>.</summary>
/// <param name="Path">The file.</param>
/// <param name="Code">The element-type code.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="HeaderBytes">Where the elements start in the file.</param>
public sealed record ArrayFileInfo(string Path, DTypeCode Code, IReadOnlyList<long> Shape, int ItemSize, int HeaderBytes)
{
    /// <summary>numpy's name of the element type.</summary>
    public string ElementType => DTypeCodes.Name(Code);

    /// <summary>The number of elements.</summary>
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The bytes the elements take.</summary>
    public long DataBytes => Length * ItemSize;
}
