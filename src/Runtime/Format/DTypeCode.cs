namespace SharedTyped;

/// <summary>
/// The element-type code stored in byte 4 of a segment header. Codes 0–14 are cdxcore's table and
/// readable by numpy peers; codes from 128 up are SharedTyped extensions that cdxcore reports as unknown.
/// </summary>
public enum DTypeCode : byte
{
    /// <summary>numpy <c>bool</c>, C# <see cref="bool"/>.</summary>
    Bool = 0,
    /// <summary>numpy <c>int8</c>, C# <see cref="sbyte"/>.</summary>
    Int8 = 1,
    /// <summary>numpy <c>int16</c>, C# <see cref="short"/>.</summary>
    Int16 = 2,
    /// <summary>numpy <c>int32</c>, C# <see cref="int"/>.</summary>
    Int32 = 3,
    /// <summary>numpy <c>int64</c>, C# <see cref="long"/>.</summary>
    Int64 = 4,
    /// <summary>numpy <c>uint16</c>, C# <see cref="ushort"/>.</summary>
    UInt16 = 5,
    /// <summary>numpy <c>uint32</c>, C# <see cref="uint"/>.</summary>
    UInt32 = 6,
    /// <summary>numpy <c>uint64</c>, C# <see cref="ulong"/>.</summary>
    UInt64 = 7,
    /// <summary>numpy <c>float16</c>, C# <see cref="System.Half"/>.</summary>
    Float16 = 8,
    /// <summary>numpy <c>float32</c>, C# <see cref="float"/>.</summary>
    Float32 = 9,
    /// <summary>numpy <c>float64</c>, C# <see cref="double"/>.</summary>
    Float64 = 10,
    /// <summary>numpy <c>complex64</c>, C# <see cref="Complex64"/>.</summary>
    Complex64 = 11,
    /// <summary>numpy <c>complex128</c>, C# <see cref="System.Numerics.Complex"/>.</summary>
    Complex128 = 12,
    /// <summary>numpy <c>datetime64</c> (generic unit), C# <see cref="SharedTyped.DateTime64"/>.</summary>
    DateTime64 = 13,
    /// <summary>numpy <c>timedelta64</c> (generic unit), C# <see cref="SharedTyped.TimeDelta64"/>.</summary>
    TimeDelta64 = 14,

    /// <summary>SharedTyped extension: C# <see cref="byte"/> (cdxcore has no <c>uint8</c>).</summary>
    UInt8 = 128,
    /// <summary>SharedTyped extension: C# <see cref="char"/> (a UTF-16 code unit).</summary>
    Char = 129,
    /// <summary>SharedTyped extension: C# <see cref="nint"/>.</summary>
    NativeInt = 130,
    /// <summary>SharedTyped extension: C# <see cref="nuint"/>.</summary>
    NativeUInt = 131,
    /// <summary>SharedTyped extension: C# <see cref="decimal"/>.</summary>
    Decimal = 132,
    /// <summary>SharedTyped extension: any other unmanaged struct, identified by its size and full name.</summary>
    Struct = 255,
}

/// <summary>Facts about <see cref="DTypeCode"/> values, read from the one element table (src/Shared/Elements/ElementTable.cs).</summary>
public static class DTypeCodes
{
    /// <summary>The first code that is a SharedTyped extension rather than cdxcore's.</summary>
    public const byte FirstExtension = ElementTable.FirstExtension;

    /// <summary>Whether cdxcore and numpy peers can read arrays of this code.</summary>
    public static bool IsCdxcoreCompatible(DTypeCode code) => ElementTable.ByCode((byte)code) is { IsCdxcore: true };

    /// <summary>Whether the raw byte is a code this version understands.</summary>
    public static bool IsKnown(byte code) => ElementTable.IsKnown(code);

    /// <summary>The element size in bytes, or 0 where the code alone does not fix it (<see cref="DTypeCode.Struct"/>).</summary>
    public static int ItemSize(DTypeCode code) => ElementTable.ByCode((byte)code) switch
    {
        { Size: ElementTable.PointerSized } => IntPtr.Size,
        { } row => row.Size,
        null => 0,
    };

    /// <summary>numpy's name of the dtype (<c>float64</c>), or the C# name of an extension (<c>byte</c>).</summary>
    public static string Name(DTypeCode code) => ElementTable.ByCode((byte)code) switch
    {
        { IsCdxcore: true } row => row.NumpyName!,
        { } row => $"{row.CSharpName} (SharedTyped extension)",
        null when code == DTypeCode.Struct => "struct (SharedTyped extension)",
        null => $"unknown code {(byte)code}",
    };
}
