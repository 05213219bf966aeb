using System.Text;

namespace SharedTyped;

/// <summary>The wording every message uses for arrays, shapes and element types, so they read alike.</summary>
internal static class Describe
{
    /// <summary>numpy's spelling of a shape: <c>(10, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
    public static string Shape(ReadOnlySpan<long> shape) => NumpyShape.Format(shape.ToArray());

    public static string TypeAndCode<T>() where T : unmanaged =>
        DTypeCodes.IsCdxcoreCompatible(ElementType<T>.Code)
            ? $"{ElementType<T>.Name} ({DTypeCodes.Name(ElementType<T>.Code)})"
            : ElementType<T>.Name;

    /// <summary>
    /// What a typed call asked for, for messages about a segment it could not use:
    /// <c>double, shape (10, 3)</c>, or <c>double, any shape</c> when the call checks no shape.
    /// </summary>
    public static string Request<T>(ReadOnlySpan<long> shape, bool hasShape = true) where T : unmanaged =>
        hasShape ? $"{ElementType<T>.Name}, shape {Shape(shape)}" : $"{ElementType<T>.Name}, any shape";

    /// <summary><c>Shared array 'prices' (double, shape (10, 3))</c>.</summary>
    public static string Array<T>(string name, ReadOnlySpan<long> shape) where T : unmanaged =>
        $"Shared array '{name}' ({ElementType<T>.Name}, shape {Shape(shape)})";
}
