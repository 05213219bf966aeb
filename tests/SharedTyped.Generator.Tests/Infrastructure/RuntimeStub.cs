namespace SharedTyped.Generator.Tests.Infrastructure;

/// <summary>
/// The surface of the SharedTyped runtime that declarations and generated code use, compiled into an
/// in-memory assembly named SharedTyped until the runtime project builds on this branch.
/// </summary>
internal static class RuntimeStub
{
    public const string Source = """
        #nullable enable
        using System;
        using System.Diagnostics.CodeAnalysis;

        namespace SharedTyped
        {
            [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
            public sealed class SharedArrayAttribute<T> : Attribute where T : unmanaged
            {
                public string Name { get; set; } = "";
                public int[] Shape { get; set; } = [];
            }

            [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
            public sealed class SharedArrayAttribute : Attribute
            {
                public string Name { get; set; } = "";
                public int[] Shape { get; set; } = [];
            }

            public struct Complex64 { public float Real; public float Imaginary; }
            public struct DateTime64 { public long Ticks; }
            public struct TimeDelta64 { public long Ticks; }

            public sealed record CreateOptions { public bool Force { get; init; } }
            public sealed record AttachOptions { public bool AllowForeignOwner { get; init; } }
            public sealed record LoadOptions { public bool AcceptExisting { get; init; } = true; }

            public sealed class SharedArrayNotFoundException : Exception { }
            public sealed class SharedArrayExistsException : Exception { }
            public sealed class SharedArrayMismatchException : Exception { public SharedArrayMismatchException(string message) : base(message) { } }
            public sealed class SharedArrayFormatException : Exception { }

            public readonly record struct LoadResult<T>(SharedArray<T> Array, bool Attached) where T : unmanaged;

            public static class SharedArray
            {
                public const int Alignment = 64;
                public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, T fill, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, ReadOnlySpan<T> source, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static bool TryCreate<T>(string name, ReadOnlySpan<long> shape, [NotNullWhen(true)] out SharedArray<T>? array, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static bool TryCreate<T>(string name, ReadOnlySpan<long> shape, T fill, [NotNullWhen(true)] out SharedArray<T>? array, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static SharedArray<T> CreateOrAttach<T>(string name, ReadOnlySpan<long> shape, out bool created, CreateOptions? options = null) where T : unmanaged => throw null!;
                public static SharedArray<T> Attach<T>(string name, ReadOnlySpan<long> expectedShape, AttachOptions? options = null) where T : unmanaged => throw null!;
                public static bool TryAttach<T>(string name, ReadOnlySpan<long> expectedShape, [NotNullWhen(true)] out SharedArray<T>? array, AttachOptions? options = null) where T : unmanaged => throw null!;
                public static ReadOnlySharedArray<T> AttachReadOnly<T>(string name, ReadOnlySpan<long> expectedShape, AttachOptions? options = null) where T : unmanaged => throw null!;
                public static bool TryAttachReadOnly<T>(string name, ReadOnlySpan<long> expectedShape, [NotNullWhen(true)] out ReadOnlySharedArray<T>? array, AttachOptions? options = null) where T : unmanaged => throw null!;
                public static bool Delete(string name, string? directory = null) => throw null!;
                public static bool Exists(string name, string? directory = null) => throw null!;
                public static LoadResult<T> Load<T>(string file, string name, ReadOnlySpan<long> expectedShape, LoadOptions? options = null) where T : unmanaged => throw null!;
            }

            public sealed class SharedArray<T> : IDisposable where T : unmanaged
            {
                public string Name => throw null!;
                public ReadOnlySpan<long> Shape => throw null!;
                public int Rank => throw null!;
                public long Length => throw null!;
                public bool IsDisposed => throw null!;
                public Span<T> AsSpan() => throw null!;
                public Span<T> Row(long i) => throw null!;
                public ref T DangerousGetReference() => throw null!;
                public ReadOnlySharedArray<T> AsReadOnly() => throw null!;
                public void Save(string path) => throw null!;
                public void Dispose() { }
            }

            public sealed class ReadOnlySharedArray<T> : IDisposable where T : unmanaged
            {
                public string Name => throw null!;
                public ReadOnlySpan<long> Shape => throw null!;
                public int Rank => throw null!;
                public long Length => throw null!;
                public bool IsDisposed => throw null!;
                public ReadOnlySpan<T> AsSpan() => throw null!;
                public ReadOnlySpan<T> Row(long i) => throw null!;
                public ref readonly T DangerousGetReference() => throw null!;
                public void Save(string path) => throw null!;
                public void Dispose() { }
            }
        }
        """;
}
