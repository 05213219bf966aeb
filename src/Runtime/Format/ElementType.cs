using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace SharedTyped;

/// <summary>
/// What the header records about <typeparamref name="T"/>. Computed once per type, so the type test
/// below runs at type initialisation and never on an attach or an element access.
/// </summary>
internal static class ElementType<T> where T : unmanaged
{
    public static readonly DTypeCode Code = CodeOf();
    public static readonly int Size = Unsafe.SizeOf<T>();
    public static readonly int Alignment = AlignmentOf();
    public static readonly string Name = NameOf();

    /// <summary>FNV-1a of the full type name; tells two extension structs of the same size apart.</summary>
    public static readonly ulong TypeHash = Code == DTypeCode.Struct ? Fnv1a(typeof(T).FullName ?? typeof(T).Name) : 0;

    private static DTypeCode CodeOf()
    {
        var t = typeof(T);
        if (t == typeof(bool)) return DTypeCode.Bool;
        if (t == typeof(sbyte)) return DTypeCode.Int8;
        if (t == typeof(short)) return DTypeCode.Int16;
        if (t == typeof(int)) return DTypeCode.Int32;
        if (t == typeof(long)) return DTypeCode.Int64;
        if (t == typeof(ushort)) return DTypeCode.UInt16;
        if (t == typeof(uint)) return DTypeCode.UInt32;
        if (t == typeof(ulong)) return DTypeCode.UInt64;
        if (t == typeof(Half)) return DTypeCode.Float16;
        if (t == typeof(float)) return DTypeCode.Float32;
        if (t == typeof(double)) return DTypeCode.Float64;
        if (t == typeof(Complex64)) return DTypeCode.Complex64;
        if (t == typeof(Complex)) return DTypeCode.Complex128;
        if (t == typeof(DateTime64)) return DTypeCode.DateTime64;
        if (t == typeof(TimeDelta64)) return DTypeCode.TimeDelta64;
        if (t == typeof(byte)) return DTypeCode.UInt8;
        if (t == typeof(char)) return DTypeCode.Char;
        if (t == typeof(nint)) return DTypeCode.NativeInt;
        if (t == typeof(nuint)) return DTypeCode.NativeUInt;
        if (t == typeof(decimal)) return DTypeCode.Decimal;
        return DTypeCode.Struct;
    }

    private static string NameOf()
    {
        var t = typeof(T);
        if (t == typeof(bool)) return "bool";
        if (t == typeof(sbyte)) return "sbyte";
        if (t == typeof(short)) return "short";
        if (t == typeof(int)) return "int";
        if (t == typeof(long)) return "long";
        if (t == typeof(ushort)) return "ushort";
        if (t == typeof(uint)) return "uint";
        if (t == typeof(ulong)) return "ulong";
        if (t == typeof(float)) return "float";
        if (t == typeof(double)) return "double";
        if (t == typeof(byte)) return "byte";
        if (t == typeof(char)) return "char";
        if (t == typeof(decimal)) return "decimal";
        if (t == typeof(nint)) return "nint";
        if (t == typeof(nuint)) return "nuint";
        return t.FullName ?? t.Name;
    }

    private struct AlignmentProbe
    {
        public byte Pad;
        public T Value;
    }

    private static int AlignmentOf()
    {
        var probe = default(AlignmentProbe);
        return (int)Unsafe.ByteOffset(ref Unsafe.As<byte, byte>(ref probe.Pad), ref Unsafe.As<T, byte>(ref probe.Value));
    }

    private static ulong Fnv1a(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
