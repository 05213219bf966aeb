using System.Diagnostics.CodeAnalysis;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// The creating factories of a vector whose length is given at creation, beside <see cref="SharedArrayDeclarationFactories"/>
/// (a class of their own: their lowered signatures are those of the fixed-shape ones).
/// </summary>
public static class DynamicLengthDeclarationFactories
{
    /// <summary>The creating factories of a vector whose length is given at creation.</summary>
    /// <typeparam name="TArray">The declared class.</typeparam>
    /// <typeparam name="TReadOnly">Its <c>ReadOnly</c> view.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    extension<TArray, TReadOnly, T>(IDynamicLengthDeclaration<TArray, TReadOnly, T>)
        where TArray : class, IDynamicLengthDeclaration<TArray, TReadOnly, T>
        where TReadOnly : DeclaredReadOnlySharedArray<T>
        where T : unmanaged
    {
        /// <summary>Creates the shared array of this declaration with every element zero; <paramref name="length"/> is its length.</summary>
        public static TArray Create(int length, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, [GeneratedCodeHelpers.Extent(length)], options));

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>; <paramref name="length"/> is its length.</summary>
        public static TArray Create(int length, T fill, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, [GeneratedCodeHelpers.Extent(length)], fill, options));

        /// <summary>Creates the shared array of this declaration holding a copy of <paramref name="source"/>; its length is the vector's.</summary>
        public static TArray Create(ReadOnlySpan<T> source, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, [source.Length], source, options));

        /// <summary>Creates the shared array of this declaration with every element zero, unless the name is taken (then <c>false</c>).</summary>
        public static bool TryCreate(int length, [NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, [GeneratedCodeHelpers.Extent(length)], out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>, unless the name is taken.</summary>
        public static bool TryCreate(int length, T fill, [NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, [GeneratedCodeHelpers.Extent(length)], fill, out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration zero-filled, or attaches to it when it exists with the same element type and length.</summary>
        public static TArray CreateOrAttach(int length, out bool created, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.CreateOrAttach<T>(TArray.DeclaredName, [GeneratedCodeHelpers.Extent(length)], out created, options));
    }
}
