using System.Diagnostics.CodeAnalysis;
using SharedTyped.Internals;

namespace SharedTyped;

/// <summary>
/// The factories of every declared class (<c>Prices.Create(…)</c>, <c>Prices.Attach()</c>, <c>Prices.Delete()</c>, …),
/// written once here as static extension members over <see cref="ISharedArrayDeclaration{TSelf, TReadOnly, T}"/>
/// instead of in every generated class: a library of many declarations compiles each factory once
/// (docs/benchmarks.md, "Building 500 declarations"). They read the declaration's name and shape from its static
/// members and forward to <see cref="SharedArray"/>.
/// </summary>
public static class SharedArrayDeclarationFactories
{
    /// <summary>The factories every declaration has.</summary>
    /// <typeparam name="TArray">The declared class.</typeparam>
    /// <typeparam name="TReadOnly">Its <c>ReadOnly</c> view.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    extension<TArray, TReadOnly, T>(ISharedArrayDeclaration<TArray, TReadOnly, T>)
        where TArray : class, ISharedArrayDeclaration<TArray, TReadOnly, T>
        where TReadOnly : DeclaredReadOnlySharedArray<T>
        where T : unmanaged
    {
        /// <summary>Attaches to the existing shared array of this declaration, checking its element type and shape (a dynamic leading extent accepts any).</summary>
        public static TArray Attach(AttachOptions? options = null) =>
            TArray.Wrap(SharedArray.Attach<T>(TArray.DeclaredName, TArray.DeclaredShape, options));

        /// <summary>Attaches to the shared array of this declaration if it exists (else <c>false</c>), checking its element type and shape.</summary>
        public static bool TryAttach([NotNullWhen(true)] out TArray? array, AttachOptions? options = null) =>
            (array = SharedArray.TryAttach<T>(TArray.DeclaredName, TArray.DeclaredShape, out var attached, options) ? TArray.Wrap(attached) : null) is not null;

        /// <summary>Attaches to the shared array of this declaration, waiting up to <paramref name="timeout"/> for a producer to create it (see <c>SharedArray.AttachWhenCreated</c>), checking its element type and shape.</summary>
        public static TArray AttachWhenCreated(TimeSpan timeout, AttachOptions? options = null) =>
            TArray.Wrap(SharedArray.AttachWhenCreated<T>(TArray.DeclaredName, TArray.DeclaredShape, timeout, options));

        /// <summary>Attaches read-only to the existing shared array of this declaration, checking its element type and shape; the result has no write API.</summary>
        public static TReadOnly AttachReadOnly(AttachOptions? options = null) =>
            TArray.WrapReadOnly(SharedArray.AttachReadOnly<T>(TArray.DeclaredName, TArray.DeclaredShape, options));

        /// <summary>Attaches read-only to the shared array of this declaration, waiting up to <paramref name="timeout"/> for a producer to create it, checking its element type and shape.</summary>
        public static TReadOnly AttachReadOnlyWhenCreated(TimeSpan timeout, AttachOptions? options = null) =>
            TArray.WrapReadOnly(SharedArray.AttachReadOnlyWhenCreated<T>(TArray.DeclaredName, TArray.DeclaredShape, timeout, options));

        /// <summary>Attaches read-only to the shared array of this declaration if it exists (else <c>false</c>), checking its element type and shape.</summary>
        public static bool TryAttachReadOnly([NotNullWhen(true)] out TReadOnly? array, AttachOptions? options = null) =>
            (array = SharedArray.TryAttachReadOnly<T>(TArray.DeclaredName, TArray.DeclaredShape, out var attached, options) ? TArray.WrapReadOnly(attached) : null) is not null;

        /// <summary>Reads a file written by <c>Save</c> or cdxcore's <c>to_file</c> into a new shared array of this declaration, or attaches to an existing one that matches (cdxcore's <c>read_shared_array</c>).</summary>
        public static TArray Load(string path, LoadOptions? options = null) =>
            TArray.Wrap(SharedArray.Load<T>(path, TArray.DeclaredName, TArray.DeclaredShape, options).Array);

        /// <summary>Like <c>Load(string, LoadOptions)</c>; <paramref name="attached"/> says whether an existing segment was attached instead of reading the file.</summary>
        public static TArray Load(string path, out bool attached, LoadOptions? options = null) =>
            TArray.Wrap(GeneratedCodeHelpers.Loaded(SharedArray.Load<T>(path, TArray.DeclaredName, TArray.DeclaredShape, options), out attached));

        /// <summary>Removes the name of this declaration (arrays already open stay valid) and says whether the name is free now; see <see cref="SharedArray.Delete(string, DeleteOptions?)"/>.</summary>
        public static bool Delete(DeleteOptions? options = null) => SharedArray.Delete(TArray.DeclaredName, options);

        /// <summary>Whether a segment of this declaration's name exists.</summary>
        public static bool Exists(string? directory = null) => SharedArray.Exists(TArray.DeclaredName, directory);
    }

    /// <summary>The instance members every declaration has that need its view type.</summary>
    /// <param name="declared">The declared array.</param>
    /// <typeparam name="TArray">The declared class.</typeparam>
    /// <typeparam name="TReadOnly">Its <c>ReadOnly</c> view.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    extension<TArray, TReadOnly, T>(ISharedArrayDeclaration<TArray, TReadOnly, T> declared)
        where TArray : class, ISharedArrayDeclaration<TArray, TReadOnly, T>
        where TReadOnly : DeclaredReadOnlySharedArray<T>
        where T : unmanaged
    {
        /// <summary>A read-only view of the same memory; disposing either leaves the other usable.</summary>
        public TReadOnly AsReadOnly() => TArray.WrapReadOnly(declared.Array.AsReadOnly());
    }

    /// <summary>The creating factories of a declaration with a fixed shape.</summary>
    /// <typeparam name="TArray">The declared class.</typeparam>
    /// <typeparam name="TReadOnly">Its <c>ReadOnly</c> view.</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    extension<TArray, TReadOnly, T>(IFixedShapeDeclaration<TArray, TReadOnly, T>)
        where TArray : class, IFixedShapeDeclaration<TArray, TReadOnly, T>
        where TReadOnly : DeclaredReadOnlySharedArray<T>
        where T : unmanaged
    {
        /// <summary>Creates the shared array of this declaration with every element zero; <c>options</c> (force, lifetime, permissions, directory, logger) may be <c>null</c>.</summary>
        public static TArray Create(CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, TArray.DeclaredShape, options));

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>.</summary>
        public static TArray Create(T fill, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, TArray.DeclaredShape, fill, options));

        /// <summary>Creates the shared array of this declaration holding a copy of <paramref name="source"/> (C order); it must have as many elements as the shape.</summary>
        public static TArray Create(ReadOnlySpan<T> source, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.Create<T>(TArray.DeclaredName, TArray.DeclaredShape, source, options));

        /// <summary>Creates the shared array of this declaration with every element zero, unless the name is taken (then <c>false</c>, cdxcore's <c>raise_on_error=False</c>).</summary>
        public static bool TryCreate([NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, TArray.DeclaredShape, out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration with every element set to <paramref name="fill"/>, unless the name is taken.</summary>
        public static bool TryCreate(T fill, [NotNullWhen(true)] out TArray? array, CreateOptions? options = null) =>
            (array = SharedArray.TryCreate<T>(TArray.DeclaredName, TArray.DeclaredShape, fill, out var created, options) ? TArray.Wrap(created) : null) is not null;

        /// <summary>Creates the shared array of this declaration zero-filled, or attaches to it when it exists with the same element type and shape.</summary>
        public static TArray CreateOrAttach(out bool created, CreateOptions? options = null) =>
            TArray.Wrap(SharedArray.CreateOrAttach<T>(TArray.DeclaredName, TArray.DeclaredShape, out created, options));
    }
}
