using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace SharedTyped.Flight;

/// <summary>
/// Arrow's canonical <c>arrow.fixed_shape_tensor</c> extension type: each row is one tensor of a fixed
/// shape, stored as a <c>fixed_size_list</c> of its elements in C order. Rank ≥ 2 arrays travel as rows
/// of this type, one per index of their leading dimension.
/// </summary>
internal sealed class FixedShapeTensorType : ExtensionType
{
    public const string ExtensionName = "arrow.fixed_shape_tensor";

    public FixedShapeTensorType(IArrowType valueType, long[] rowShape, int rowElements)
        : base(new FixedSizeListType(new Field("item", valueType, nullable: false), rowElements))
    {
        RowShape = rowShape;
    }

    public long[] RowShape { get; }

    public override string Name => ExtensionName;

    public override string ExtensionMetadata => JsonSerializer.Serialize(new { shape = RowShape });

    public override ExtensionArray CreateArray(IArrowArray storageArray) => new FixedShapeTensorArray(this, storageArray);

    private sealed class FixedShapeTensorArray(FixedShapeTensorType type, IArrowArray storage) : ExtensionArray(type, storage);
}
