using Apache.Arrow;
using Apache.Arrow.Types;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>
/// The Arrow side of the one element table (src/Shared/Elements/ElementTable.cs): every code the table has travels over
/// Flight as its row's Arrow type says, and no other code travels at all.
/// </summary>
public sealed class ArrowElementTests
{
    [Fact]
    public void Every_code_is_served_exactly_when_the_element_table_has_a_row_for_it()
    {
        for (var code = 0; code <= byte.MaxValue; code++)
        {
            var row = ElementTable.ByCode((byte)code);
            Assert.True(ServedTypes.IsServed((DTypeCode)code) == row is not null, $"code {code}");
            if (row is null)
            {
                var refused = Assert.Throws<NotSupportedException>(() => ArrowElement.ValueType((DTypeCode)code));
                Assert.EndsWith("is not served over Flight.", refused.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_row_travels_as_the_arrow_type_the_element_table_names()
    {
        foreach (var row in ElementTable.Rows)
        {
            var code = (DTypeCode)row.Code;
            Assert.True(row.ArrowType == Spell(ArrowElement.ValueType(code)), $"{row.DotNetName}: table says {row.ArrowType}, ArrowElement gives {Spell(ArrowElement.ValueType(code))}");
            var leaf = ArrowElement.LeafType(code);
            Assert.False(leaf is NestedType, $"{row.DotNetName}: leaf {leaf.Name}");
            Assert.Equal(row.Size == ElementTable.PointerSized ? IntPtr.Size : row.Size,
                ArrowElement.LeavesPerElement(code) * ((FixedWidthType)leaf).BitWidth / 8);
            Assert.Equal(row.Code == (byte)DTypeCode.Bool ? "Int8" : row.ArrowType, Spell(StorageOf(ArrowElement.ColumnType(code))));
        }
    }

    [Fact]
    public void Every_row_dispatches_to_the_dotnet_type_it_names()
    {
        foreach (var row in ElementTable.Rows)
        {
            Assert.Equal(row.DotNetName, ServedTypes.Dispatch((DTypeCode)row.Code, new TypeName()));
        }
    }

    /// <summary>The table's spelling: the type's id, with a list's item type and size and a binary's width.</summary>
    private static string Spell(IArrowType type) => type switch
    {
        FixedSizeListType list => $"FixedSizeList<{Spell(list.ValueDataType)}>[{list.ListSize}]",
        FixedSizeBinaryType binary => $"FixedSizeBinary[{binary.ByteWidth}]",
        _ => type.TypeId.ToString(),
    };

    private static IArrowType StorageOf(IArrowType type) => type is ExtensionType extension ? extension.StorageType : type;

    private sealed class TypeName : IElementAction<string>
    {
        public string Run<T>() where T : unmanaged => typeof(T).FullName!;
    }
}
