namespace SharedTyped.Flight;

/// <summary>
/// The element types that travel over Flight: every row of the element table (src/Shared/Elements/ElementTable.cs),
/// cdxcore's codes and SharedTyped's built-in extensions, each as its row's Arrow type says (src/Flight/Schema/ArrowElement.cs,
/// held to the table by ArrowElementTests). A <see cref="DTypeCode.Struct"/> segment does not: only a process that has the
/// struct type can read it, and a server that serves a directory has none.
/// </summary>
internal static class ServedTypes
{
    public static readonly DTypeCode[] Codes = ElementTable.Rows.Select(static row => (DTypeCode)row.Code).ToArray();

    public static bool IsServed(DTypeCode code) => Array.IndexOf(Codes, code) >= 0;

    /// <summary>Calls <paramref name="action"/> with the C# element type of <paramref name="code"/>.</summary>
    public static TResult Dispatch<TResult>(DTypeCode code, IElementAction<TResult> action) =>
        IsServed(code) ? ElementDispatch.Run(code, action) : throw new NotSupportedException($"Element type {DTypeCodes.Name(code)} is not served over Flight.");

    /// <summary>The code of <typeparamref name="T"/>, or null when arrays of it cannot travel over Flight.</summary>
    public static DTypeCode? CodeOf<T>() where T : unmanaged => IsServed(ElementType<T>.Code) ? ElementType<T>.Code : null;

    /// <summary>The code of <typeparamref name="T"/>; throws, naming the array, when arrays of it cannot travel over Flight.</summary>
    public static DTypeCode Require<T>(string name) where T : unmanaged =>
        CodeOf<T>() ?? throw new ArgumentException(
            $"Shared array '{name}' of {Describe.TypeAndCode<T>()}: only cdxcore's element types and SharedTyped's built-in extensions travel over Flight, not other structs.");
}
