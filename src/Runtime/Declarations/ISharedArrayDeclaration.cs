using System.ComponentModel;

namespace SharedTyped;

/// <summary>
/// What a class declared with <see cref="SharedArrayAttribute{T}"/> tells the runtime about itself: its segment name,
/// the shape it creates and checks, and how to wrap a runtime array in it and in its <c>ReadOnly</c> view. The
/// generator implements it; its factories (<c>Create</c>, <c>TryCreate</c>, <c>Attach…</c>, <c>Load</c>, <c>Delete</c>,
/// <c>Exists</c>) are static extension members of <see cref="SharedArrayDeclarationFactories"/> over it, compiled once
/// here instead of in every declaration (src/Generator/README.md).
/// </summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TReadOnly">Its nested <c>ReadOnly</c> view.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISharedArrayDeclaration<TSelf, TReadOnly, T> : IDeclaredSharedArray<T>
    where TSelf : class, ISharedArrayDeclaration<TSelf, TReadOnly, T>
    where TReadOnly : DeclaredReadOnlySharedArray<T>
    where T : unmanaged
{
    /// <summary>The declaration's segment name.</summary>
    static abstract string DeclaredName { get; }

    /// <summary>The shape the runtime creates and checks; a leading <c>-1</c> accepts any extent.</summary>
    static abstract ReadOnlySpan<long> DeclaredShape { get; }

    /// <summary>Wraps an array whose element type and shape the runtime has checked.</summary>
    /// <param name="array">The runtime array.</param>
    static abstract TSelf Wrap(SharedArray<T> array);

    /// <summary>Wraps a read-only array whose element type and shape the runtime has checked.</summary>
    /// <param name="array">The runtime array.</param>
    static abstract TReadOnly WrapReadOnly(ReadOnlySharedArray<T> array);
}

/// <summary>A declaration whose shape is fixed: <c>Create</c> takes no extent.</summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TReadOnly">Its nested <c>ReadOnly</c> view.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFixedShapeDeclaration<TSelf, TReadOnly, T> : ISharedArrayDeclaration<TSelf, TReadOnly, T>
    where TSelf : class, IFixedShapeDeclaration<TSelf, TReadOnly, T>
    where TReadOnly : DeclaredReadOnlySharedArray<T>
    where T : unmanaged;

/// <summary>A declaration of rank 2 or more with a dynamic leading extent: <c>Create</c> takes <c>int rows</c> first.</summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TReadOnly">Its nested <c>ReadOnly</c> view.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDynamicRowsDeclaration<TSelf, TReadOnly, T> : ISharedArrayDeclaration<TSelf, TReadOnly, T>
    where TSelf : class, IDynamicRowsDeclaration<TSelf, TReadOnly, T>
    where TReadOnly : DeclaredReadOnlySharedArray<T>
    where T : unmanaged;

/// <summary>A vector with a dynamic length: <c>Create</c> takes <c>int length</c> first.</summary>
/// <typeparam name="TSelf">The declared class.</typeparam>
/// <typeparam name="TReadOnly">Its nested <c>ReadOnly</c> view.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDynamicLengthDeclaration<TSelf, TReadOnly, T> : ISharedArrayDeclaration<TSelf, TReadOnly, T>
    where TSelf : class, IDynamicLengthDeclaration<TSelf, TReadOnly, T>
    where TReadOnly : DeclaredReadOnlySharedArray<T>
    where T : unmanaged;
