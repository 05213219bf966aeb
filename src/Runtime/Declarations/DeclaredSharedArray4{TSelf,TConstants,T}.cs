using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// The runtime half of a class declared with <see cref="SharedArrayAttribute{T}"/>, no base class of its own and a fixed
/// rank-4 shape: the indexer, Row and the <c>ReadOnly</c> view, over what
/// <see cref="DeclaredSharedArray{TSelf, TConstants, T}"/> gives every rank.
/// </summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TConstants">The declaration's generated <c>Constants</c> struct.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public abstract class DeclaredSharedArray4<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TSelf, TConstants, T>
    : DeclaredSharedArray<TSelf, TConstants, T>, IFixedShapeDeclaration<TSelf, DeclaredSharedArray4<TSelf, TConstants, T>.ReadOnly, T>
    where TSelf : DeclaredSharedArray4<TSelf, TConstants, T>
    where TConstants : struct
    where T : unmanaged
{
    /// <summary>Called by the declared class's parameterless constructor, which the runtime's factories run.</summary>
    protected DeclaredSharedArray4() { }

    /// <summary>For a constructor of the declared class's own that wraps an array it made or attached itself.</summary>
    /// <param name="array">The runtime array, of the declaration's element type and shape.</param>
    /// <exception cref="ArgumentException"><paramref name="array"/> has another shape.</exception>
    protected DeclaredSharedArray4(SharedArray<T> array) : base(4, array) { }

    /// <summary>The element at the given indices; the strides are constants, so this is one multiply-add per dimension.</summary>
    /// <param name="i0">The index in dimension 0.</param>
    /// <param name="i1">The index in dimension 1.</param>
    /// <param name="i2">The index in dimension 2.</param>
    /// <param name="i3">The index in dimension 3.</param>
    public ref T this[int i0, int i1, int i2, int i3]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref Origin, Offset(i0, i1, i2, i3));
    }

    /// <summary>The element offset of the given indices, which it checks against the extents (for the array and its view).</summary>
    /// <param name="i0">The index in dimension 0.</param>
    /// <param name="i1">The index in dimension 1.</param>
    /// <param name="i2">The index in dimension 2.</param>
    /// <param name="i3">The index in dimension 3.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Offset(int i0, int i1, int i2, int i3)
    {
        if ((uint)i0 >= (uint)DeclaredConstants<TConstants>.Dim0 || (uint)i1 >= (uint)DeclaredConstants<TConstants>.Dim1 || (uint)i2 >= (uint)DeclaredConstants<TConstants>.Dim2 || (uint)i3 >= (uint)DeclaredConstants<TConstants>.Dim3)
        {
            GeneratedCodeHelpers.ThrowIndexOutOfRange(DeclaredConstants<TConstants>.Description, i0, i1, i2, i3);
        }
        return (nint)i0 * Stride0 + (nint)i1 * Stride1 + (nint)i2 * Stride2 + i3;
    }

    /// <summary>Row <paramref name="i0"/>: the contiguous elements whose first index is <paramref name="i0"/>; valid until this array is disposed.</summary>
    /// <param name="i0">The first index.</param>
    public Span<T> Row(int i0) => RowAt(i0);

    static string ISharedArrayDeclaration<TSelf, ReadOnly, T>.DeclaredName => DeclaredConstants<TConstants>.Name;
    static ReadOnlySpan<long> ISharedArrayDeclaration<TSelf, ReadOnly, T>.DeclaredShape => ShapeOfRank(4);
    static TSelf ISharedArrayDeclaration<TSelf, ReadOnly, T>.Wrap(SharedArray<T> array) => Wrap(array);
    static ReadOnly ISharedArrayDeclaration<TSelf, ReadOnly, T>.WrapReadOnly(ReadOnlySharedArray<T> array) => new(array);

    /// <summary>A read-only view of the declared array: the same shape and indexing, no write API.</summary>
    public sealed class ReadOnly : ReadOnlyView
    {
        internal ReadOnly(ReadOnlySharedArray<T> array) : base(array) { }

        /// <summary>The element at the given indices, read-only.</summary>
        /// <param name="i0">The index in dimension 0.</param>
        /// <param name="i1">The index in dimension 1.</param>
        /// <param name="i2">The index in dimension 2.</param>
        /// <param name="i3">The index in dimension 3.</param>
        public ref readonly T this[int i0, int i1, int i2, int i3]
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => ref Unsafe.Add(ref Origin, Offset(i0, i1, i2, i3));
        }

        /// <summary>Row <paramref name="i0"/>: the contiguous elements whose first index is <paramref name="i0"/>; valid until this view is disposed.</summary>
        /// <param name="i0">The first index.</param>
        public ReadOnlySpan<T> Row(int i0) => RowAt(i0);
    }
}
