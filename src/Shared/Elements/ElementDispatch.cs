using System.Numerics;

namespace SharedTyped;

/// <summary>Work that needs the element type as a type argument, picked from a header's code at run time.</summary>
internal interface IElementAction<out TResult>
{
    TResult Run<T>() where T : unmanaged;
}

/// <summary>
/// The one place a <see cref="DTypeCode"/> becomes a type argument, compiled into the tools that open arrays
/// of any type (the CLI, the Flight server and client); the library itself never switches on codes on its access paths.
/// </summary>
internal static class ElementDispatch
{
    public static TResult Run<TResult>(DTypeCode code, IElementAction<TResult> action) => code switch
    {
        DTypeCode.Bool => action.Run<bool>(),
        DTypeCode.Int8 => action.Run<sbyte>(),
        DTypeCode.Int16 => action.Run<short>(),
        DTypeCode.Int32 => action.Run<int>(),
        DTypeCode.Int64 => action.Run<long>(),
        DTypeCode.UInt16 => action.Run<ushort>(),
        DTypeCode.UInt32 => action.Run<uint>(),
        DTypeCode.UInt64 => action.Run<ulong>(),
        DTypeCode.Float16 => action.Run<Half>(),
        DTypeCode.Float32 => action.Run<float>(),
        DTypeCode.Float64 => action.Run<double>(),
        DTypeCode.Complex64 => action.Run<Complex64>(),
        DTypeCode.Complex128 => action.Run<Complex>(),
        DTypeCode.DateTime64 => action.Run<DateTime64>(),
        DTypeCode.TimeDelta64 => action.Run<TimeDelta64>(),
        DTypeCode.UInt8 => action.Run<byte>(),
        DTypeCode.Char => action.Run<char>(),
        DTypeCode.NativeInt => action.Run<nint>(),
        DTypeCode.NativeUInt => action.Run<nuint>(),
        DTypeCode.Decimal => action.Run<decimal>(),
        _ => throw new NotSupportedException(
            $"Elements of {DTypeCodes.Name(code)} are a user-defined struct; only a program that knows the struct can open them."),
    };
}
