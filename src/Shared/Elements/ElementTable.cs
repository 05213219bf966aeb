using System.Collections.Generic;

namespace SharedTyped;

/// <summary>
/// One element type: its header code (docs/format.md, "dtype codes") and what every other table says about it.
/// </summary>
internal sealed class ElementRow
{
    public ElementRow(byte code, string dotNetName, string csharpName, string? numpyName, int size, char npyKind, string arrowType)
    {
        Code = code;
        DotNetName = dotNetName;
        CSharpName = csharpName;
        NumpyName = numpyName;
        Size = size;
        NpyKind = npyKind;
        ArrowType = arrowType;
    }

    /// <summary>The code in byte 4 of the header.</summary>
    public byte Code { get; }

    /// <summary>The .NET type's full name: <c>System.Double</c>, <c>SharedTyped.Complex64</c>.</summary>
    public string DotNetName { get; }

    /// <summary>How C# spells the type in messages: <c>double</c>, <c>System.Half</c>.</summary>
    public string CSharpName { get; }

    /// <summary>The numpy dtype that holds the elements (<c>float64</c>; <c>uint8</c> for <c>byte</c>), or null where numpy has none.</summary>
    public string? NumpyName { get; }

    /// <summary>The element size in bytes; <see cref="ElementTable.PointerSized"/> for <c>nint</c> and <c>nuint</c>.</summary>
    public int Size { get; }

    /// <summary>numpy's kind letter in a <c>.npy</c> descr (<c>f</c> in <c>&lt;f8</c>), or <c>'\0'</c> where numpy has no such dtype.</summary>
    public char NpyKind { get; }

    /// <summary>The Arrow type an element travels as over Flight (src/Flight/Schema/ArrowElement.cs builds it).</summary>
    public string ArrowType { get; }

    /// <summary>cdxcore's table (codes below 128): numpy peers and cdxcore read it.</summary>
    public bool IsCdxcore => Code < ElementTable.FirstExtension;
}

/// <summary>
/// The one table of element types: code, .NET type, C# name, numpy dtype, size, <c>.npy</c> kind and Arrow type.
/// Compiled into the runtime, the generator and the analyzers (src/Shared/Elements is linked into each); the
/// typed switches that need a compile-time type (src/Shared/Elements/ElementDispatch.cs, src/Flight/Schema/ArrowElement.cs)
/// and python/sharedtyped.py are held to it by ElementTableTests, which walk every code.
/// </summary>
internal static class ElementTable
{
    /// <summary>The first code that is a SharedTyped extension rather than cdxcore's.</summary>
    public const byte FirstExtension = 128;

    /// <summary>The code of any other unmanaged struct, identified by its size and full name (not a row).</summary>
    public const byte StructCode = 255;

    /// <summary><see cref="ElementRow.Size"/> of the types as wide as a pointer.</summary>
    public const int PointerSized = -1;

    /// <summary>Every code but <see cref="StructCode"/>, in code order.</summary>
    public static readonly ElementRow[] Rows =
    [
        new(0, "System.Boolean", "bool", "bool", 1, 'b', "Int8"),
        new(1, "System.SByte", "sbyte", "int8", 1, 'i', "Int8"),
        new(2, "System.Int16", "short", "int16", 2, 'i', "Int16"),
        new(3, "System.Int32", "int", "int32", 4, 'i', "Int32"),
        new(4, "System.Int64", "long", "int64", 8, 'i', "Int64"),
        new(5, "System.UInt16", "ushort", "uint16", 2, 'u', "UInt16"),
        new(6, "System.UInt32", "uint", "uint32", 4, 'u', "UInt32"),
        new(7, "System.UInt64", "ulong", "uint64", 8, 'u', "UInt64"),
        new(8, "System.Half", "System.Half", "float16", 2, 'f', "HalfFloat"),
        new(9, "System.Single", "float", "float32", 4, 'f', "Float"),
        new(10, "System.Double", "double", "float64", 8, 'f', "Double"),
        new(11, "SharedTyped.Complex64", "SharedTyped.Complex64", "complex64", 8, 'c', "FixedSizeList<Float>[2]"),
        new(12, "System.Numerics.Complex", "System.Numerics.Complex", "complex128", 16, 'c', "FixedSizeList<Double>[2]"),
        new(13, "SharedTyped.DateTime64", "SharedTyped.DateTime64", "datetime64", 8, 'M', "Int64"),
        new(14, "SharedTyped.TimeDelta64", "SharedTyped.TimeDelta64", "timedelta64", 8, 'm', "Int64"),
        new(128, "System.Byte", "byte", "uint8", 1, 'u', "UInt8"),
        new(129, "System.Char", "char", "uint16", 2, 'u', "UInt16"),
        new(130, "System.IntPtr", "nint", "intp", PointerSized, 'i', "Int64"),
        new(131, "System.UIntPtr", "nuint", "uintp", PointerSized, 'u', "UInt64"),
        new(132, "System.Decimal", "decimal", null, 16, '\0', "FixedSizeBinary[16]"),
    ];

    private static readonly Dictionary<byte, ElementRow> s_byCode = Index(static row => row.Code);
    private static readonly Dictionary<string, ElementRow> s_byDotNetName = Index(static row => row.DotNetName);

    /// <summary>The row of <paramref name="code"/>, or null for <see cref="StructCode"/> and unknown codes.</summary>
    public static ElementRow? ByCode(byte code) => s_byCode.TryGetValue(code, out var row) ? row : null;

    /// <summary>The row of the .NET type named <paramref name="fullName"/>, or null for any other type.</summary>
    public static ElementRow? ByDotNetName(string fullName) => s_byDotNetName.TryGetValue(fullName, out var row) ? row : null;

    /// <summary>Whether this version understands the code.</summary>
    public static bool IsKnown(byte code) => code == StructCode || s_byCode.ContainsKey(code);

    private static Dictionary<TKey, ElementRow> Index<TKey>(System.Func<ElementRow, TKey> key) where TKey : notnull
    {
        var index = new Dictionary<TKey, ElementRow>();
        foreach (var row in Rows)
        {
            index.Add(key(row), row);
        }
        return index;
    }
}
