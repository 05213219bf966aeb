namespace SharedTyped.Analyzers;

/// <summary>The stable ids of SharedTyped's diagnostics; documented in <c>Diagnostics.md</c>.</summary>
public static class DiagnosticIds
{
    /// <summary>The element type is not unmanaged.</summary>
    public const string ElementTypeNotUnmanaged = "ST0001";

    /// <summary>The element type is unmanaged but outside cdxcore's dtype table.</summary>
    public const string ElementTypeNotInCdxcore = "ST0002";

    /// <summary>The class, or a type containing it, is not partial.</summary>
    public const string TypeNotPartial = "ST0003";

    /// <summary>The segment name is missing or refused by the operating system or the runtime.</summary>
    public const string InvalidSegmentName = "ST0004";

    /// <summary>The segment name is longer than macOS allows.</summary>
    public const string SegmentNameTooLongForMacOS = "ST0005";

    /// <summary>A dimension is zero or negative (other than a leading -1).</summary>
    public const string InvalidDimension = "ST0006";

    /// <summary>The byte size of the shape overflows 64 bits.</summary>
    public const string ShapeTooLarge = "ST0007";

    /// <summary>Two declarations give one segment name different element types or shapes.</summary>
    public const string ConflictingDeclarations = "ST0008";

    /// <summary>The class is generic or nested in a generic type.</summary>
    public const string GenericType = "ST0009";

    /// <summary>The class carries more than one <c>[SharedArray]</c> attribute.</summary>
    public const string MultipleAttributes = "ST0010";

    /// <summary>The element type is less accessible than the class whose public members expose it.</summary>
    public const string ElementTypeLessAccessible = "ST0011";

    /// <summary>The class is static, abstract or file-local (or nested in a file-local type).</summary>
    public const string UnsupportedClassKind = "ST0012";

    /// <summary>The generated constructor cannot be written: a primary constructor, no callable base constructor, or a required member.</summary>
    public const string UnconstructibleClass = "ST0013";

    /// <summary>A member of the class (declared or inherited), or the class's name, clashes with a generated member.</summary>
    public const string GeneratedMemberClash = "ST0014";

    /// <summary>The declaration gives no <c>Shape</c>, so it declares a scalar without saying so.</summary>
    public const string ShapeOmitted = "ST0015";
}
