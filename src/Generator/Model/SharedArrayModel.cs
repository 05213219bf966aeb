namespace SharedTyped.Generator.Model;

/// <summary>
/// Everything the emitter needs about one valid <c>[SharedArray]</c> declaration, as strings and
/// numbers only: no symbol, syntax node or compilation, so that equal declarations compare equal
/// across runs and an unrelated edit re-emits nothing.
/// </summary>
/// <param name="HintName">The generated file's name, unique per type.</param>
/// <param name="Namespace">The namespace, <c>null</c> for the global namespace.</param>
/// <param name="ContainingTypes">The types the class is nested in, outermost first.</param>
/// <param name="TypeKeyword"><c>class</c> or <c>record</c>.</param>
/// <param name="TypeName">The class name, escaped where it is a keyword.</param>
/// <param name="ElementType">The element type, <c>global::</c>-qualified.</param>
/// <param name="ElementName">The element type as messages and docs spell it (<c>double</c>, <c>System.Half</c>).</param>
/// <param name="SegmentName">The segment name.</param>
/// <param name="Shape">The dimensions; a leading <c>-1</c> is given at <c>Create</c>.</param>
/// <param name="DeclaresParameterlessConstructor">The class declares a parameterless constructor of its own, which the runtime's base class then constructs it with.</param>
/// <param name="InheritsRuntimeBase">The class derives from the runtime's base class of its rank and generates only its constants (src/Shared/Declarations/RuntimeBaseRule.cs).</param>
internal sealed record SharedArrayModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string TypeKeyword,
    string TypeName,
    string ElementType,
    string ElementName,
    string SegmentName,
    EquatableArray<int> Shape,
    bool InheritsRuntimeBase,
    bool DeclaresParameterlessConstructor);

/// <summary>A type the declared class is nested in.</summary>
/// <param name="Keyword"><c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</param>
/// <param name="Name">The type name, escaped where it is a keyword.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);
