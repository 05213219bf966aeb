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

    /// <summary>
    /// The element table's row of <typeparamref name="T"/> (src/Shared/Elements/ElementTable.cs). Only types of the
    /// assemblies the table names are looked up, so that a user's struct of the same full name stays a struct.
    /// </summary>
    private static ElementRow? Row()
    {
        var t = typeof(T);
        var assembly = t.Assembly;
        if (assembly != typeof(object).Assembly && assembly != typeof(Complex).Assembly && assembly != typeof(Complex64).Assembly) return null;
        return t.FullName is { } fullName ? ElementTable.ByDotNetName(fullName) : null;
    }

    private static DTypeCode CodeOf() => Row() is { } row ? (DTypeCode)row.Code : DTypeCode.Struct;

    private static string NameOf() => Row()?.CSharpName ?? typeof(T).FullName ?? typeof(T).Name;

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
