using System.Diagnostics.CodeAnalysis;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// The creating factories of a declaration of rank 2 or more whose leading extent is given at creation, beside <see cref="SharedArrayDeclarationFactories"/>
/// (a class of their own: their lowered signatures are those of the fixed-shape ones).
/// </summary>
public static class DynamicRowsDeclarationFactories
{
    /// <summary>The creating factories of a declaration of rank 2 or more whose leading extent is given at creation.</summary>
    /// <typeparam name="TArray">The declared class.</typeparam>
    /// <typeparam name="TReadOnly">Its <c>ReadOnly</c> view.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    extension<TArray, TReadOnly, T>(IDynamicRowsDeclaration<TArray, TReadOnly, T>)
        where TArray : class, IDynamicRowsDeclaration<TArray, TReadOnly, T>
        where TReadOnly : DeclaredReadOnlySharedArray<T>
        where T : unmanaged
    {
        /// <summary>Creates the shared array of this declaration with every element zero; <paramref name="rows"/> is the extent of dimension 0.</summary>
        public static TArray Create(int rows, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, DeclaredExtents.With(TArray.DeclaredShape, rows, stackalloc long[TArray.DeclaredShape.Length]), options));

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>; <paramref name="rows"/> is the extent of dimension 0.</summary>
        public static TArray Create(int rows, T fill, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, DeclaredExtents.With(TArray.DeclaredShape, rows, stackalloc long[TArray.DeclaredShape.Length]), fill, options));

        /// <summary>Creates the shared array of this declaration holding a copy of <paramref name="source"/> (C order): whole rows, as many as it holds.</summary>
        public static TArray Create(ReadOnlySpan<T> source, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, DeclaredExtents.RowsOf(TArray.DeclaredName, TArray.DeclaredShape, source, stackalloc long[TArray.DeclaredShape.Length]), source, options));

        /// <summary>Creates the shared array of this declaration with every element zero, unless the name is taken (then <c>false</c>).</summary>
        public static bool TryCreate(int rows, [NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, DeclaredExtents.With(TArray.DeclaredShape, rows, stackalloc long[TArray.DeclaredShape.Length]), out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>, unless the name is taken.</summary>
        public static bool TryCreate(int rows, T fill, [NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, DeclaredExtents.With(TArray.DeclaredShape, rows, stackalloc long[TArray.DeclaredShape.Length]), fill, out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration zero-filled, or attaches to it when it exists with the same element type and shape.</summary>
        public static TArray CreateOrAttach(int rows, out bool created, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.CreateOrAttach<T>(TArray.DeclaredName, DeclaredExtents.With(TArray.DeclaredShape, rows, stackalloc long[TArray.DeclaredShape.Length]), out created, options));
    }
}
