using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// What the runtime's base classes of every rank share (<see cref="DeclaredSharedArray3{TSelf, TConstants, T}"/> and its
/// siblings): the runtime array, <c>Array</c>, <c>AsSpan</c>, the rows, the strides, and how the factories construct
/// the declared class. The declaration generates only its constants, a private parameterless constructor and
/// <typeparamref name="TConstants"/>, an empty struct whose <see cref="DeclaredConstantsAttribute"/> repeats them for the
/// runtime; because that struct is a value type, the JIT compiles this code once per declaration, reads the extents as
/// constants, and the strides fold as if they were written in it (src/Generator/README.md).
/// </summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TConstants">The declaration's generated <c>Constants</c> struct.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public abstract class DeclaredSharedArray<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSelf, TConstants, T>
    where TSelf : DeclaredSharedArray<TSelf, TConstants, T>
    where TConstants : struct
    where T : unmanaged
{
    /// <summary>The runtime array behind this one; set once, by <see cref="Wrap"/> or a constructor, before the instance is used.</summary>
    private SharedArray<T> _array = null!;

    /// <summary>
    /// Called through the declared class's parameterless constructor, which the runtime's factories run once they have
    /// checked the declaration's rank (<see cref="ShapeOfRank"/>) and made the array.
    /// </summary>
    private protected DeclaredSharedArray()
    {
    }

    /// <summary>For a constructor of the declared class's own: the array must have the declaration's shape.</summary>
    /// <param name="rank">The rank of the derived base class.</param>
    /// <param name="array">The runtime array.</param>
    private protected DeclaredSharedArray(int rank, SharedArray<T> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!array.Shape.SequenceEqual(ShapeOfRank(rank)))
        {
            throw new ArgumentException(
                $"{DeclaredConstants<TConstants>.Description} cannot wrap the array '{array.Name}' of shape {NumpyShape.Format(array.Shape.ToArray())}.", nameof(array));
        }
        _array = array;
    }

    /// <summary>The runtime array behind this one, for APIs that take a <see cref="SharedArray{T}"/>.</summary>
    public SharedArray<T> Array => _array;

    /// <summary>All elements in C order (last index fastest); valid until this array is disposed.</summary>
    public Span<T> AsSpan() => Length <= int.MaxValue
        ? MemoryMarshal.CreateSpan(ref _array.DangerousGetReference(), (int)Length)
        : _array.AsSpan();

    /// <summary>The first element, where the indexer of the derived class starts.</summary>
    private protected ref T Origin
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _array.DangerousGetReference();
    }

    /// <summary>Row <paramref name="i0"/> of a declaration of rank 2 or more.</summary>
    /// <param name="i0">The first index.</param>
    private protected Span<T> RowAt(int i0)
    {
        if ((uint)i0 >= (uint)DeclaredConstants<TConstants>.Dim0)
        {
            GeneratedCodeHelpers.ThrowRowOutOfRange(DeclaredConstants<TConstants>.Description, i0);
        }
        return RowLength <= int.MaxValue
            ? MemoryMarshal.CreateSpan(ref Unsafe.Add(ref _array.DangerousGetReference(), (nint)i0 * Stride0), (int)RowLength)
            : _array.Row(i0);
    }

    /// <summary>The number of elements (the extents beyond the rank are 1).</summary>
    private protected static long Length =>
        (long)DeclaredConstants<TConstants>.Dim0 * DeclaredConstants<TConstants>.Dim1 * DeclaredConstants<TConstants>.Dim2 * DeclaredConstants<TConstants>.Dim3;

    /// <summary>The elements of one row.</summary>
    private protected static long RowLength =>
        (long)DeclaredConstants<TConstants>.Dim1 * DeclaredConstants<TConstants>.Dim2 * DeclaredConstants<TConstants>.Dim3;

    /// <summary>Elements between consecutive first indices: a constant once the JIT has compiled the code for <typeparamref name="TConstants"/>.</summary>
    private protected static nint Stride0
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (nint)DeclaredConstants<TConstants>.Dim1 * DeclaredConstants<TConstants>.Dim2 * DeclaredConstants<TConstants>.Dim3;
    }

    /// <summary>Elements between consecutive second indices.</summary>
    private protected static nint Stride1
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (nint)DeclaredConstants<TConstants>.Dim2 * DeclaredConstants<TConstants>.Dim3;
    }

    /// <summary>Elements between consecutive third indices.</summary>
    private protected static nint Stride2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (nint)DeclaredConstants<TConstants>.Dim3;
    }

    /// <summary>The shape the factories create and check, once the rank is known to be <paramref name="rank"/>.</summary>
    /// <param name="rank">The rank of the derived base class.</param>
    private protected static ReadOnlySpan<long> ShapeOfRank(int rank)
    {
        DeclaredConstants<TConstants>.RequireRank(rank);
        return DeclaredConstants<TConstants>.Shape;
    }

    /// <summary>
    /// Makes the declared class around <paramref name="array"/> through its parameterless constructor (the private one
    /// the generator writes, or the class's own), so that its field initializers run as for any construction.
    /// <c>Activator</c> calls it through a cached function pointer, no emitted code.
    /// </summary>
    /// <param name="array">The runtime array, whose element type and shape the factory has checked.</param>
    private protected static TSelf Wrap(SharedArray<T> array)
    {
        TSelf self;
        try
        {
            self = (TSelf)Activator.CreateInstance(typeof(TSelf), nonPublic: true)!;
        }
        catch (Exception e)
        {
            // The constructor is the class's own code: what it throws reaches the caller as thrown, and the array it
            // would have wrapped is closed, not left to the finalizer.
            array.Dispose();
            ExceptionDispatchInfo.Throw(e is TargetInvocationException { InnerException: { } inner } ? inner : e);
            throw;
        }
        ((DeclaredSharedArray<TSelf, TConstants, T>)self)._array = array;
        return self;
    }

    /// <summary>What the read-only views of every rank share: the rows and the first element.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract class ReadOnlyView : DeclaredReadOnlySharedArray<T>
    {
        private protected ReadOnlyView(ReadOnlySharedArray<T> array) : base(array) { }

        /// <summary>The first element, where the indexer of the derived view starts.</summary>
        private protected ref T Origin
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => ref Unsafe.AsRef(in Array.DangerousGetReference());
        }

        /// <summary>Row <paramref name="i0"/> of a declaration of rank 2 or more.</summary>
        /// <param name="i0">The first index.</param>
        private protected ReadOnlySpan<T> RowAt(int i0)
        {
            if ((uint)i0 >= (uint)DeclaredConstants<TConstants>.Dim0)
            {
                GeneratedCodeHelpers.ThrowRowOutOfRange(DeclaredConstants<TConstants>.Description, i0);
            }
            return RowLength <= int.MaxValue
                ? MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Origin, (nint)i0 * Stride0), (int)RowLength)
                : Array.Row(i0);
        }
    }
}
