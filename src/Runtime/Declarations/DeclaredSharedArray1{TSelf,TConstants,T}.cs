using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// The runtime half of a class declared with <see cref="SharedArrayAttribute{T}"/> and a fixed rank-1 shape: the
/// indexer, <c>AsSpan</c>, <c>Array</c>, the <c>ReadOnly</c> view and the factories' hooks, written once here. The
/// declaration generates only its constants, a private parameterless constructor and <typeparamref name="TConstants"/>,
/// an empty struct whose <see cref="DeclaredConstantsAttribute"/> repeats them for the runtime; because that struct is
/// a value type, the JIT compiles this class's code once per declaration, reads the extents as constants, and the
/// indexer's strides fold as if they were written in it (src/Generator/README.md).
/// </summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TConstants">The declaration's generated <c>Constants</c> struct.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public abstract class DeclaredSharedArray1<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSelf, TConstants, T> : IFixedShapeDeclaration<TSelf, DeclaredSharedArray1<TSelf, TConstants, T>.ReadOnly, T>
    where TSelf : DeclaredSharedArray1<TSelf, TConstants, T>
    where TConstants : struct
    where T : unmanaged
{
    /// <summary>The runtime array behind this one; set once, by <see cref="Wrap"/>, before the instance is returned.</summary>
    private SharedArray<T> _array = null!;

    /// <summary>Called by the declared class's parameterless constructor, which the runtime's factories run.</summary>
    protected DeclaredSharedArray1()
    {
    }

    /// <summary>
    /// For a constructor of the declared class's own that wraps an array it made or attached itself: the array must have
    /// the declaration's element type and shape.
    /// </summary>
    /// <param name="array">The runtime array.</param>
    /// <exception cref="ArgumentException"><paramref name="array"/> has another shape.</exception>
    protected DeclaredSharedArray1(SharedArray<T> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        DeclaredConstants<TConstants>.RequireRank(1);
        if (!array.Shape.SequenceEqual(DeclaredConstants<TConstants>.Shape))
        {
            throw new ArgumentException(
                $"{DeclaredConstants<TConstants>.Description} cannot wrap the array '{array.Name}' of shape {NumpyShape.Format(array.Shape.ToArray())}.", nameof(array));
        }
        _array = array;
    }

    /// <summary>The runtime array behind this one, for APIs that take a <see cref="SharedArray{T}"/>.</summary>
    public SharedArray<T> Array => _array;

    /// <summary>The element at the given indices; the strides are constants, so this is one multiply-add per dimension.</summary>
    /// <param name="i0">The index in dimension 0.</param>
    public ref T this[int i0]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)i0 >= (uint)DeclaredConstants<TConstants>.Dim0)
            {
                GeneratedCodeHelpers.ThrowIndexOutOfRange(DeclaredConstants<TConstants>.Description, i0);
            }
            return ref Unsafe.Add(ref _array.DangerousGetReference(), i0);
        }
    }

    /// <summary>All elements in C order (last index fastest); valid until this array is disposed.</summary>
    public Span<T> AsSpan() => Length <= int.MaxValue
        ? MemoryMarshal.CreateSpan(ref _array.DangerousGetReference(), (int)Length)
        : _array.AsSpan();

    /// <summary>The number of elements.</summary>
    private static long Length => (long)DeclaredConstants<TConstants>.Dim0;

    static string ISharedArrayDeclaration<TSelf, ReadOnly, T>.DeclaredName => DeclaredConstants<TConstants>.Name;

    static ReadOnlySpan<long> ISharedArrayDeclaration<TSelf, ReadOnly, T>.DeclaredShape
    {
        get
        {
            DeclaredConstants<TConstants>.RequireRank(1);
            return DeclaredConstants<TConstants>.Shape;
        }
    }

    static TSelf ISharedArrayDeclaration<TSelf, ReadOnly, T>.Wrap(SharedArray<T> array) => Wrap(array);

    /// <summary>
    /// Makes the declared class around <paramref name="array"/> through its parameterless constructor (the private one
    /// the generator writes, or the class's own), so that its field initializers run as for any construction.
    /// <c>Activator</c> calls it through a cached function pointer, no emitted code.
    /// </summary>
    private static TSelf Wrap(SharedArray<T> array)
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
        ((DeclaredSharedArray1<TSelf, TConstants, T>)self)._array = array;
        return self;
    }

    static ReadOnly ISharedArrayDeclaration<TSelf, ReadOnly, T>.WrapReadOnly(ReadOnlySharedArray<T> array) => new(array);

    /// <summary>A read-only view of the declared array: the same shape and indexing, no write API.</summary>
    public sealed class ReadOnly : DeclaredReadOnlySharedArray<T>
    {
        internal ReadOnly(ReadOnlySharedArray<T> array) : base(array) { }

        /// <summary>The element at the given indices; the strides are constants, so this is one multiply-add per dimension.</summary>
        /// <param name="i0">The index in dimension 0.</param>
        public ref readonly T this[int i0]
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                if ((uint)i0 >= (uint)DeclaredConstants<TConstants>.Dim0)
                {
                    GeneratedCodeHelpers.ThrowIndexOutOfRange(DeclaredConstants<TConstants>.Description, i0);
                }
                return ref Unsafe.Add(ref Unsafe.AsRef(in Array.DangerousGetReference()), i0);
            }
        }
    }
}
