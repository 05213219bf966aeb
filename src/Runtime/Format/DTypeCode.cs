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

/// <summary>Facts about <see cref="DTypeCode"/> values.</summary>
public static class DTypeCodes
{
    /// <summary>The first code that is a SharedTyped extension rather than cdxcore's.</summary>
    public const byte FirstExtension = 128;

    /// <summary>Whether cdxcore and numpy peers can read arrays of this code.</summary>
    public static bool IsCdxcoreCompatible(DTypeCode code) => (byte)code < FirstExtension && IsKnown((byte)code);

    /// <summary>Whether the raw byte is a code this version understands.</summary>
    public static bool IsKnown(byte code) => code <= 14 || (code >= 128 && code <= 132) || code == 255;

    /// <summary>The element size in bytes, or 0 where the code alone does not fix it (<see cref="DTypeCode.Struct"/>).</summary>
    public static int ItemSize(DTypeCode code) => code switch
    {
        DTypeCode.Bool or DTypeCode.Int8 or DTypeCode.UInt8 => 1,
        DTypeCode.Int16 or DTypeCode.UInt16 or DTypeCode.Float16 or DTypeCode.Char => 2,
        DTypeCode.Int32 or DTypeCode.UInt32 or DTypeCode.Float32 => 4,
        DTypeCode.Int64 or DTypeCode.UInt64 or DTypeCode.Float64 or DTypeCode.Complex64
            or DTypeCode.DateTime64 or DTypeCode.TimeDelta64 => 8,
        DTypeCode.NativeInt or DTypeCode.NativeUInt => IntPtr.Size,
        DTypeCode.Complex128 or DTypeCode.Decimal => 16,
        _ => 0,
    };

    /// <summary>numpy's name of the dtype (<c>float64</c>), or the C# name of an extension (<c>byte</c>).</summary>
    public static string Name(DTypeCode code) => code switch
    {
        DTypeCode.Bool => "bool",
        DTypeCode.Int8 => "int8",
        DTypeCode.Int16 => "int16",
        DTypeCode.Int32 => "int32",
        DTypeCode.Int64 => "int64",
        DTypeCode.UInt16 => "uint16",
        DTypeCode.UInt32 => "uint32",
        DTypeCode.UInt64 => "uint64",
        DTypeCode.Float16 => "float16",
        DTypeCode.Float32 => "float32",
        DTypeCode.Float64 => "float64",
        DTypeCode.Complex64 => "complex64",
        DTypeCode.Complex128 => "complex128",
        DTypeCode.DateTime64 => "datetime64",
        DTypeCode.TimeDelta64 => "timedelta64",
        DTypeCode.UInt8 => "byte (SharedTyped extension)",
        DTypeCode.Char => "char (SharedTyped extension)",
        DTypeCode.NativeInt => "nint (SharedTyped extension)",
        DTypeCode.NativeUInt => "nuint (SharedTyped extension)",
        DTypeCode.Decimal => "decimal (SharedTyped extension)",
        DTypeCode.Struct => "struct (SharedTyped extension)",
        _ => $"unknown code {(byte)code}",
    };
}
