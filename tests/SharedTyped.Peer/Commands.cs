using SharedTyped.Testing;

namespace SharedTyped.Peer;

internal static unsafe class Commands
{
    /// <summary>Column value the peer writes into the last column of row <paramref name="row"/>.</summary>
    public static double PeerValue(long row) => -(row + 1) * 0.5;

    /// <summary>Attaches a float64 matrix, checks every element against the pattern and overwrites the last column.</summary>
    public static int CheckAndWrite(string name, long rows, long cols)
    {
        using var matrix = SharedArray.Attach<double>(name, [rows, cols]);
        var mismatch = ElementKind.Float64.FirstMismatch(matrix.AsSpan());
        if (mismatch >= 0)
        {
            Console.WriteLine($"mismatch at flat index {mismatch}: {matrix.AsSpan()[(int)mismatch]}");
            return 1;
        }
        for (long i = 0; i < rows; i++)
        {
            matrix[i, cols - 1] = PeerValue(i);
        }
        Console.WriteLine($"checked {matrix.Length} elements; wrote column {cols - 1}");
        return 0;
    }

    /// <summary>Each spec is NAME=KIND:SHAPE; every element is checked, then every odd flat index gets pattern(k + 1000).</summary>
    public static int CheckKinds(IEnumerable<string> specs)
    {
        var failures = 0;
        foreach (var spec in specs)
        {
            var (name, rest) = (spec[..spec.IndexOf('=')], spec[(spec.IndexOf('=') + 1)..]);
            var (kind, shape) = (rest[..rest.IndexOf(':')], rest[(rest.IndexOf(':') + 1)..]);
            failures += ElementKind.ByName(kind).Accept(new CheckPatternAndWriteBack(name, ShapeText.Parse(shape)));
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Writes through the pointer of a read-only attach: the mapping is PROT_READ, so this must kill the process.</summary>
    public static int WriteReadOnly(string name)
    {
        using var view = SharedArray.AttachReadOnly<double>(name);
        Console.WriteLine($"attached read-only; first element {view.AsSpan()[0]}; writing");
        Console.Out.Flush();
        *view.DangerousGetPointer() = 12345.0;
        Console.WriteLine("WROTE: the read-only mapping accepted a write");
        return 0;
    }
}

/// <summary>Creates a segment filled with the kind's pattern and leaves it for the test.</summary>
internal sealed class CreatePattern(string name, long[] shape) : IElementVisitor<int>
{
    public int Visit<T>(ElementKind<T> kind) where T : unmanaged
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        using var array = SharedArray.Create<T>(name, shape, kind.Values(count));
        Console.WriteLine($"created {array}");
        return 0;
    }
}

/// <summary>Creates the pattern like <see cref="CreatePattern"/>, and hands the array back to be held.</summary>
internal sealed class CreateHeld(string name, long[] shape) : IElementVisitor<IDisposable>
{
    public IDisposable Visit<T>(ElementKind<T> kind) where T : unmanaged =>
        SharedArray.Create<T>(name, shape, kind.Values(shape.Aggregate(1L, (a, b) => a * b)));
}

internal sealed class CheckPatternAndWriteBack(string name, long[] shape) : IElementVisitor<int>
{
    public const long WriteBackOffset = 1000;

    public int Visit<T>(ElementKind<T> kind) where T : unmanaged
    {
        using var array = SharedArray.Attach<T>(name, shape);
        var span = array.AsSpan();
        var mismatch = kind.FirstMismatch(span);
        if (mismatch >= 0)
        {
            Console.WriteLine($"{name} ({kind}): flat index {mismatch} holds {span[(int)mismatch]}, expected {kind.Value(mismatch)}");
            return 1;
        }
        for (var k = 1; k < span.Length; k += 2)
        {
            span[k] = kind.Value(k + WriteBackOffset);
        }
        Console.WriteLine($"{name} ({kind}): checked {span.Length}");
        return 0;
    }
}

internal sealed class AttachOnly(string name, long[]? shape) : IElementVisitor<int>
{
    public int Visit<T>(ElementKind<T> kind) where T : unmanaged
    {
        using var array = shape is null ? SharedArray.Attach<T>(name) : SharedArray.Attach<T>(name, shape);
        Console.WriteLine($"attached {array}");
        return 0;
    }
}
