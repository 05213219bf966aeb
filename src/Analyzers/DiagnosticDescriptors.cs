using Microsoft.CodeAnalysis;

namespace SharedTyped.Analyzers;

/// <summary>Every diagnostic SharedTyped reports, with its message and help text.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SharedTyped";

    /// <summary>Where each id is explained; the id's lower-case form is the anchor.</summary>
    private const string HelpLinkBase = ProjectLinks.Files + "src/Analyzers/Diagnostics.md#";

    public static readonly DiagnosticDescriptor ElementTypeNotUnmanaged = Create(
        DiagnosticIds.ElementTypeNotUnmanaged,
        "Shared array element type is not unmanaged",
        "Element type '{0}' of shared array class '{1}' is not unmanaged: shared memory can only hold types without object references",
        DiagnosticSeverity.Error,
        "The elements live in memory that other processes map, so they cannot contain object references. Use a primitive, an enum or a struct whose fields are all unmanaged.");

    public static readonly DiagnosticDescriptor ElementTypeNotInCdxcore = Create(
        DiagnosticIds.ElementTypeNotInCdxcore,
        "Shared array element type is outside cdxcore's dtype table",
        "Element type '{0}' of shared array class '{1}' is not one of cdxcore's dtypes: numpy and cdxcore peers cannot read this array, only SharedTyped processes can",
        DiagnosticSeverity.Warning,
        "cdxcore's dtype table holds bool, sbyte, short, int, long, ushort, uint, ulong, System.Half, float, double, SharedTyped.Complex64, System.Numerics.Complex, SharedTyped.DateTime64 and SharedTyped.TimeDelta64. Other unmanaged types work between SharedTyped processes, but a numpy peer sees an unknown dtype code.");

    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        DiagnosticIds.TypeNotPartial,
        "Shared array class must be partial",
        "'{0}' must be declared 'partial' so that the SharedTyped generator can add the members of shared array class '{1}'",
        DiagnosticSeverity.Error,
        "The generator adds Create, Attach, the indexer and the other members in a second part of the class; the class, and every type it is nested in, must be declared partial.");

    public static readonly DiagnosticDescriptor InvalidSegmentName = Create(
        DiagnosticIds.InvalidSegmentName,
        "Invalid shared array name",
        "Shared array class '{0}' has an invalid Name: {1}",
        DiagnosticSeverity.Error,
        "The Name is the segment's file name (/dev/shm/<Name> on Linux): it must be given, non-empty, at most 255 UTF-8 bytes, without '/', '\\' or NUL, must not start with '.' and must not contain '..'.");

    public static readonly DiagnosticDescriptor SegmentNameTooLongForMacOS = Create(
        DiagnosticIds.SegmentNameTooLongForMacOS,
        "Shared array name is too long for macOS",
        "Shared array name '{0}' is {1} bytes in UTF-8: macOS refuses names over 30 bytes, as shm_open takes at most 31 bytes including the leading '/'",
        DiagnosticSeverity.Warning,
        "macOS limits POSIX shared-memory names to 31 bytes, and that count includes the leading '/' that shm_open needs, so a name may have at most 30 bytes. A longer name works on Linux and Windows but not on macOS. Use a shorter name if the array must work there.");

    public static readonly DiagnosticDescriptor InvalidDimension = Create(
        DiagnosticIds.InvalidDimension,
        "Invalid shared array dimension",
        "Dimension {0} of shared array class '{1}' is {2}: every extent must be positive, except a leading -1 for an extent given at Create",
        DiagnosticSeverity.Error,
        "Each entry of Shape is the fixed extent of one dimension and must be positive. Only the first entry may be -1, meaning the extent is passed to Create and accepted as found by Attach. An empty Shape declares a scalar.");

    public static readonly DiagnosticDescriptor ShapeTooLarge = Create(
        DiagnosticIds.ShapeTooLarge,
        "Shared array shape is too large",
        "Shared array class '{0}' with shape {1} and element type '{2}' needs more than 2^63 bytes",
        DiagnosticSeverity.Error,
        "The byte size of the segment (header, padding and elements) must fit in a signed 64-bit integer.");

    public static readonly DiagnosticDescriptor ConflictingDeclarations = Create(
        DiagnosticIds.ConflictingDeclarations,
        "One shared array name declared with different element types or shapes",
        "Shared array name '{0}' is declared by '{1}' as {2} with shape {3} and by '{4}' as {5} with shape {6}: each would fail to attach to the segment the other created",
        DiagnosticSeverity.Warning,
        "A segment has one element type and one shape. Two classes that declare the same Name with different ones cannot use the same segment; give them different names or the same declaration.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor GenericType = Create(
        DiagnosticIds.GenericType,
        "Generic shared array classes are not supported",
        "Shared array class '{0}' cannot be generic or nested in a generic type, and '{1}' is generic",
        DiagnosticSeverity.Error,
        "The element type and shape are compile-time constants of the class, so the class cannot have type parameters, nor can any type it is nested in.");

    public static readonly DiagnosticDescriptor MultipleAttributes = Create(
        DiagnosticIds.MultipleAttributes,
        "More than one [SharedArray] attribute",
        "'{0}' carries both [SharedArray] and [SharedArray<T>]: a class declares one shared array",
        DiagnosticSeverity.Error,
        "[SharedArray] (double elements) and [SharedArray<T>] each declare the whole array; use one of them.");

    public static readonly DiagnosticDescriptor ElementTypeLessAccessible = Create(
        DiagnosticIds.ElementTypeLessAccessible,
        "Shared array element type is less accessible than the class",
        "Element type '{0}' is less accessible than shared array class '{1}', whose generated public members (Create, the indexer, AsSpan, …) expose it: make '{2}' at least as accessible as '{1}', or '{1}' less accessible",
        DiagnosticSeverity.Error,
        "The generated Create, Attach, indexer, Row and AsSpan are public members of the class and mention the element type, so every type that spells it (the type itself, the types it is nested in, its type arguments) must be at least as accessible as the class, as C# requires of any public member (CS0050, CS0051, CS0053).");

    public static readonly DiagnosticDescriptor UnsupportedClassKind = Create(
        DiagnosticIds.UnsupportedClassKind,
        "Shared array class cannot be static, abstract or file-local",
        "Shared array class '{0}' cannot be {1}: {2}",
        DiagnosticSeverity.Error,
        "The generator adds instance members and a constructor in a second part of the class, in a file of its own, and Create and Attach return new instances of the class. A static class cannot have instance members, an abstract class cannot be instantiated, and a file-local type (or a type nested in one) cannot have a part in another file.");

    public static readonly DiagnosticDescriptor UnconstructibleClass = Create(
        DiagnosticIds.UnconstructibleClass,
        "Shared array class cannot be constructed by the generated code",
        "The generated constructor of shared array class '{0}' cannot be written: {1}",
        DiagnosticSeverity.Error,
        "Create and Attach call a private constructor that the generator writes, which calls the base class's parameterless constructor and sets nothing but the array. So the class needs a base class with a parameterless constructor it can call (object, or a class of yours), no primary constructor (parameter list), and no required members.");

    public static readonly DiagnosticDescriptor GeneratedMemberClash = Create(
        DiagnosticIds.GeneratedMemberClash,
        "Name clashes with a member the generator adds",
        "{0} clashes with the member '{1}' that the generator adds to shared array class '{2}'; rename it",
        DiagnosticSeverity.Error,
        "The generator adds SegmentName, Rank, Dim0…, Length, Create, TryCreate, CreateOrAttach, Attach, TryAttach, AttachReadOnly, TryAttachReadOnly, Load, Delete, Exists, the indexer (Item) or Value, Row, AsSpan, AsReadOnly, Save, Array, IsDisposed, Dispose, the nested type ReadOnly and private helpers (_array, _dim0, ExpectedShape, Description, ThrowIndexOutOfRange, ThrowRowOutOfRange); a class that inherits from the runtime's DeclaredSharedArray{N} gets the nested struct Constants instead of the private helpers. A member of the same name (for methods and indexers: the same parameter types) declared in the class would be a duplicate (CS0102, CS0111), one inherited from a base class would be hidden (CS0108), and a class cannot be named like one of its members (CS0542).");

    public static readonly DiagnosticDescriptor ShapeOmitted = Create(
        DiagnosticIds.ShapeOmitted,
        "Shared array declares no shape, so it is a scalar",
        "Shared array class '{0}' gives no Shape, so it holds one scalar; write Shape = [] to say so, or give the dimensions",
        DiagnosticSeverity.Info,
        "Without a Shape the declaration is rank 0: one element, like numpy's np.zeros(()). That is rarely what a forgotten Shape meant. Shape = [] declares a scalar on purpose and silences this; Shape = [10, 3] declares a 10 × 3 matrix. A code fix adds Shape = [].");

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description, params string[] tags) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpLinkBase + id.ToLowerInvariant(), tags);
}
