using System.Numerics;
using System.Runtime.InteropServices;

namespace SharedTyped.Reliability.Tests.Fuzz;

/// <summary>Attaches or loads with the element type a code stands for, and reads every byte of what it got.</summary>
internal abstract class Probe
{
    private static readonly Dictionary<DTypeCode, Probe> ByCode = new()
    {
        [DTypeCode.Bool] = new Probe<bool>(), [DTypeCode.Int8] = new Probe<sbyte>(), [DTypeCode.Int16] = new Probe<short>(),
        [DTypeCode.Int32] = new Probe<int>(), [DTypeCode.Int64] = new Probe<long>(), [DTypeCode.UInt16] = new Probe<ushort>(),
        [DTypeCode.UInt32] = new Probe<uint>(), [DTypeCode.UInt64] = new Probe<ulong>(), [DTypeCode.Float16] = new Probe<Half>(),
        [DTypeCode.Float32] = new Probe<float>(), [DTypeCode.Float64] = new Probe<double>(), [DTypeCode.Complex64] = new Probe<Complex64>(),
        [DTypeCode.Complex128] = new Probe<Complex>(), [DTypeCode.DateTime64] = new Probe<DateTime64>(), [DTypeCode.TimeDelta64] = new Probe<TimeDelta64>(),
        [DTypeCode.UInt8] = new Probe<byte>(), [DTypeCode.Char] = new Probe<char>(), [DTypeCode.NativeInt] = new Probe<nint>(),
        [DTypeCode.NativeUInt] = new Probe<nuint>(), [DTypeCode.Decimal] = new Probe<decimal>(), [DTypeCode.Struct] = new Probe<Unsafe16>(),
    };

    /// <summary>The probe for the code in the header, or int64's for a code that is not one.</summary>
    public static Probe For(byte code) => ByCode.TryGetValue((DTypeCode)code, out var probe) ? probe : ByCode[DTypeCode.Int64];

    public abstract DTypeCode Code { get; }

    /// <summary>Element count of the attached array, after reading all of its bytes.</summary>
    public abstract long Attach(string name, AttachOptions options);

    public abstract long Load(string file, string name, LoadOptions options);
}

internal sealed class Probe<T> : Probe where T : unmanaged
{
    public override DTypeCode Code => ElementType<T>.Code;

    public override long Attach(string name, AttachOptions options)
    {
        using var array = SharedArray.Attach<T>(name, options);
        return Touch(array.AsSpan(), array.Length);
    }

    public override long Load(string file, string name, LoadOptions options)
    {
        using var array = SharedArray.Load<T>(file, name, options).Array;
        try
        {
            return Touch(array.AsSpan(), array.Length);
        }
        finally
        {
            SharedArray.Delete(name, new DeleteOptions { Directory = options.Directory });
        }
    }

    /// <summary>Reads every byte: a mapping shorter than the array would fault here and end the run.</summary>
    private static long Touch(Span<T> data, long length)
    {
        byte sum = 0;
        foreach (var b in MemoryMarshal.AsBytes(data))
        {
            sum ^= b;
        }
        GC.KeepAlive(sum);
        return length;
    }
}
