using System.Numerics;

namespace SharedTyped.Testing;

/// <summary>
/// One element type under test: the name the tests, the peer and the Python scripts use for it, its
/// dtype code and size, and the value every flat index holds. tests/python/patterns.py computes the
/// same values, so each process can check every element another one wrote.
/// </summary>
public abstract class ElementKind
{
    public abstract string Name { get; }

    public abstract DTypeCode Code { get; }

    public abstract int Size { get; }

    /// <summary>The numpy dtype name, or <c>null</c> for a SharedTyped extension numpy cannot read.</summary>
    public string? NumpyName => DTypeCodes.IsCdxcoreCompatible(Code) ? Name : null;

    public abstract TResult Accept<TResult>(IElementVisitor<TResult> visitor);

    public override string ToString() => Name;

    public static ElementKind<bool> Bool { get; } = new("bool", DTypeCode.Bool, k => k % 3 == 0);
    public static ElementKind<sbyte> Int8 { get; } = new("int8", DTypeCode.Int8, k => (sbyte)((k * 7 % 256) - 128));
    public static ElementKind<short> Int16 { get; } = new("int16", DTypeCode.Int16, k => (short)((k * 1237 % 65536) - 32768));
    public static ElementKind<int> Int32 { get; } = new("int32", DTypeCode.Int32, k => unchecked((int)(uint)((ulong)k * 2654435761UL)));
    public static ElementKind<long> Int64 { get; } = new("int64", DTypeCode.Int64, k => unchecked((long)((ulong)k * 0x9E3779B97F4A7C15UL)));
    public static ElementKind<ushort> UInt16 { get; } = new("uint16", DTypeCode.UInt16, k => unchecked((ushort)((ulong)k * 40503UL)));
    public static ElementKind<uint> UInt32 { get; } = new("uint32", DTypeCode.UInt32, k => unchecked((uint)((ulong)k * 2654435761UL)));
    public static ElementKind<ulong> UInt64 { get; } = new("uint64", DTypeCode.UInt64, k => unchecked((ulong)k * 0x9E3779B97F4A7C15UL));
    public static ElementKind<Half> Float16 { get; } = new("float16", DTypeCode.Float16, k => (Half)Special(k, ((k % 2048) - 1024) / 8.0));
    public static ElementKind<float> Float32 { get; } = new("float32", DTypeCode.Float32, k => (float)Special(k, ((k * 37 % 100003) - 50000) / 16.0));
    public static ElementKind<double> Float64 { get; } = new("float64", DTypeCode.Float64, k => Special(k, (k * 1.25 - 300.5) / 3.0));
    public static ElementKind<Complex64> Complex64 { get; } = new("complex64", DTypeCode.Complex64, k => new SharedTyped.Complex64(k % 1000 * 0.5f, -(k % 777) * 0.25f));
    public static ElementKind<Complex> Complex128 { get; } = new("complex128", DTypeCode.Complex128, k => new Complex(k * 1.5 - 7, k / 3.0));
    public static ElementKind<DateTime64> DateTime64 { get; } = new("datetime64", DTypeCode.DateTime64, k => k == 1 ? SharedTyped.DateTime64.NaT : new SharedTyped.DateTime64(k * 86400 - 1_000_000_000));
    public static ElementKind<TimeDelta64> TimeDelta64 { get; } = new("timedelta64", DTypeCode.TimeDelta64, k => k == 1 ? SharedTyped.TimeDelta64.NaT : new SharedTyped.TimeDelta64(k * 3600 - 5000));
    public static ElementKind<byte> Byte { get; } = new("byte", DTypeCode.UInt8, k => (byte)(k * 13 % 256));
    public static ElementKind<char> Char { get; } = new("char", DTypeCode.Char, k => k % 2 == 0 ? (char)('A' + k % 26) : (char)('\u03B1' + k % 25));
    public static ElementKind<decimal> Decimal { get; } = new("decimal", DTypeCode.Decimal, k => k * 1.25m - 300.5m);
    public static ElementKind<nint> NativeInt { get; } = new("nint", DTypeCode.NativeInt, k => (nint)(7 - 3 * k));
    public static ElementKind<nuint> NativeUInt { get; } = new("nuint", DTypeCode.NativeUInt, k => (nuint)(5 * k));
    public static ElementKind<TestPoint> Struct { get; } = new("TestPoint", DTypeCode.Struct, k => new TestPoint((int)k, -(int)k * 3, k / 7.0));

    /// <summary>cdxcore's fifteen dtypes, in code order.</summary>
    public static IReadOnlyList<ElementKind> Cdxcore { get; } =
        [Bool, Int8, Int16, Int32, Int64, UInt16, UInt32, UInt64, Float16, Float32, Float64, Complex64, Complex128, DateTime64, TimeDelta64];

    /// <summary>SharedTyped's extensions, which only SharedTyped reads.</summary>
    public static IReadOnlyList<ElementKind> Extensions { get; } = [Byte, Char, Decimal, NativeInt, NativeUInt, Struct];

    public static IReadOnlyList<ElementKind> All { get; } = [.. Cdxcore, .. Extensions];

    public static ElementKind ByName(string name) =>
        All.FirstOrDefault(k => k.Name == name) ?? throw new ArgumentException($"No element kind '{name}'.", nameof(name));

    /// <summary>IEEE values numpy and .NET must carry unchanged: NaN, both infinities and negative zero.</summary>
    private static double Special(long k, double otherwise) => k switch
    {
        1 => double.NaN,
        2 => double.PositiveInfinity,
        3 => double.NegativeInfinity,
        4 => -0.0,
        _ => otherwise,
    };
}

/// <summary>An element kind of a known CLR type.</summary>
public sealed class ElementKind<T>(string name, DTypeCode code, Func<long, T> value) : ElementKind where T : unmanaged
{
    public override string Name => name;

    public override DTypeCode Code => code;

    public override unsafe int Size => sizeof(T);

    /// <summary>The value the pattern puts at flat index <paramref name="k"/>.</summary>
    public T Value(long k) => value(k);

    /// <summary>The pattern for <paramref name="count"/> elements.</summary>
    public T[] Values(long count, long offset = 0)
    {
        var values = new T[count];
        for (long k = 0; k < count; k++)
        {
            values[k] = value(k + offset);
        }
        return values;
    }

    /// <summary>NaN equals NaN here: the patterns carry NaN on purpose.</summary>
    public static bool Same(T a, T b) => EqualityComparer<T>.Default.Equals(a, b);

    /// <summary>The first index (flat) where <paramref name="actual"/> differs from the pattern, or -1.</summary>
    public long FirstMismatch(ReadOnlySpan<T> actual, long offset = 0)
    {
        for (var k = 0; k < actual.Length; k++)
        {
            if (!Same(actual[k], value(k + offset)))
            {
                return k;
            }
        }
        return -1;
    }

    public override TResult Accept<TResult>(IElementVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Runs generic code for an <see cref="ElementKind"/> picked by name at run time.</summary>
public interface IElementVisitor<out TResult>
{
    TResult Visit<T>(ElementKind<T> kind) where T : unmanaged;
}

/// <summary>A user struct, stored under SharedTyped's struct extension code.</summary>
public readonly record struct TestPoint(int X, int Y, double Z);

/// <summary>Another 16-byte struct: the same size as <see cref="TestPoint"/>, a different type.</summary>
public readonly record struct OtherPoint(long A, long B);
