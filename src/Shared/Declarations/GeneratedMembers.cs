using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SharedTyped.CodeAnalysis;

/// <summary>How a generated member is declared, which decides what it clashes with.</summary>
internal enum GeneratedMemberKind
{
    /// <summary>A method: clashes with a method of the same parameters, or any other member of its name.</summary>
    Method,

    /// <summary>The indexer: clashes with an indexer of the same parameters, or any member named <c>Item</c>.</summary>
    Indexer,

    /// <summary>A property: clashes with any member of its name, and a method <c>get_Name()</c>.</summary>
    Property,

    /// <summary>A constant, field or nested type: clashes with any member of its name.</summary>
    Other,
}

/// <summary>The type of a parameter of a generated method, as far as signatures compare.</summary>
internal enum GeneratedParameterType
{
    Int,
    Bool,
    String,
    Element,
    ElementSpan,
    Self,
    ReadOnlyView,
    CreateOptions,
    AttachOptions,
    LoadOptions,
    SaveOptions,
    TimeSpan,
    DeleteOptions,
}

/// <summary>A parameter of a generated method: its type and whether it is <c>out</c>.</summary>
internal readonly struct GeneratedParameter
{
    public GeneratedParameter(GeneratedParameterType type, bool isOut = false)
    {
        Type = type;
        IsOut = isOut;
    }

    public GeneratedParameterType Type { get; }

    public bool IsOut { get; }
}

/// <summary>One member the generator adds to a shared array class.</summary>
internal sealed class GeneratedMember
{
    public GeneratedMember(string name, GeneratedMemberKind kind, params GeneratedParameter[] parameters)
    {
        Name = name;
        Kind = kind;
        Parameters = ImmutableArray.Create(parameters);
    }

    /// <summary>The member name; <c>Item</c> for the indexer.</summary>
    public string Name { get; }

    public GeneratedMemberKind Kind { get; }

    public ImmutableArray<GeneratedParameter> Parameters { get; }

    /// <summary>How messages name the member: <c>Length</c>, <c>Create(int, CreateOptions)</c>, <c>this[int, int]</c>.</summary>
    public string Display(string typeName, string elementName)
    {
        if (Kind is GeneratedMemberKind.Property or GeneratedMemberKind.Other) return Name;
        var parameters = string.Join(", ", Parameters.Select(p => (p.IsOut ? "out " : "") + TypeText(p.Type, typeName, elementName)));
        return Kind == GeneratedMemberKind.Indexer ? $"this[{parameters}]" : $"{Name}({parameters})";
    }

    private static string TypeText(GeneratedParameterType type, string typeName, string elementName) => type switch
    {
        GeneratedParameterType.Int => "int",
        GeneratedParameterType.Bool => "bool",
        GeneratedParameterType.String => "string",
        GeneratedParameterType.Element => elementName,
        GeneratedParameterType.ElementSpan => $"ReadOnlySpan<{elementName}>",
        GeneratedParameterType.Self => typeName,
        GeneratedParameterType.ReadOnlyView => "ReadOnly",
        GeneratedParameterType.CreateOptions => "CreateOptions",
        GeneratedParameterType.AttachOptions => "AttachOptions",
        GeneratedParameterType.LoadOptions => "LoadOptions",
        GeneratedParameterType.SaveOptions => "SaveOptions",
        GeneratedParameterType.TimeSpan => "TimeSpan",
        _ => "DeleteOptions",
    };
}

/// <summary>A user member (or the class name) that clashes with a generated member.</summary>
internal readonly struct MemberClash
{
    public MemberClash(ISymbol? member, bool inherited, GeneratedMember generated)
    {
        Member = member;
        Inherited = inherited;
        Generated = generated;
    }

    /// <summary>The clashing member; <c>null</c> when the class's own name clashes (CS0542).</summary>
    public ISymbol? Member { get; }

    /// <summary>The member is declared in a base class, so the generated one would hide it (CS0108).</summary>
    public bool Inherited { get; }

    public GeneratedMember Generated { get; }
}

/// <summary>
/// The members the emitter (<c>SharedArrayGenerator.Emitter</c>) adds to a class, by shape, and the
/// user members that would clash with them: a duplicate (CS0102, CS0111, CS0663, CS0082), a hidden
/// inherited member (CS0108, CS0114), or a member named like its class (CS0542). Kept in step with
/// the emitter by a test that declares each member the generator emits and expects a clash.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>The tool name in the <c>[GeneratedCode]</c> of every generated member.</summary>
    public const string ToolName = "SharedTyped.Generator";

    private static readonly GeneratedParameter Int = new(GeneratedParameterType.Int);
    private static readonly GeneratedParameter Path = new(GeneratedParameterType.String);
    private static readonly GeneratedParameter Create = new(GeneratedParameterType.CreateOptions);
    private static readonly GeneratedParameter Attach = new(GeneratedParameterType.AttachOptions);
    private static readonly GeneratedParameter Load = new(GeneratedParameterType.LoadOptions);

    /// <summary>
    /// What the emitter writes into the class for <paramref name="shape"/>, nested <c>ReadOnly</c> included, and the members
    /// the runtime gives every declared class (its factories among them); with <paramref name="inheritsRuntimeBase"/>
    /// (src/Shared/Declarations/RuntimeBaseRule.cs) the indexer, <c>Row</c>, <c>AsSpan</c>, <c>Array</c> and <c>ReadOnly</c>
    /// are the runtime base class's, which a user member of the same signature would hide, and the class gets the
    /// <c>Constants</c> struct instead of the private <c>_array</c> and <c>Description</c>.
    /// </summary>
    public static ImmutableArray<GeneratedMember> For(ImmutableArray<int> shape, bool inheritsRuntimeBase)
    {
        var rank = shape.Length;
        var dynamic = ShapeRules.IsDynamic(shape);
        var first = dynamic ? new[] { Int } : [];
        var element = new GeneratedParameter(GeneratedParameterType.Element);
        var members = new List<GeneratedMember>
        {
            new("SegmentName", GeneratedMemberKind.Other),
            new("Rank", GeneratedMemberKind.Other),
            new("Length", dynamic ? GeneratedMemberKind.Property : GeneratedMemberKind.Other),
            new("Array", GeneratedMemberKind.Property),
            new("ReadOnly", GeneratedMemberKind.Other),
            // Not generated: the runtime gives every declared class these as extension members
            // (src/Runtime/Declarations: the factories in SharedArrayDeclarationFactories and its two dynamic
            // siblings, the rest in DeclaredSharedArrayMembers), and a user member of the same signature would
            // hide the runtime's (a Dispose would even take over IDisposable from the runtime's). The
            // coordination members' TimeSpan, Span and CancellationToken parameters are not modelled here:
            // any member of their names clashes.
            new("Create", GeneratedMemberKind.Method, [.. first, Create]),
            new("Create", GeneratedMemberKind.Method, [.. first, element, Create]),
            new("Create", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.ElementSpan), Create),
            new("TryCreate", GeneratedMemberKind.Method, [.. first, new GeneratedParameter(GeneratedParameterType.Self, isOut: true), Create]),
            new("TryCreate", GeneratedMemberKind.Method, [.. first, element, new GeneratedParameter(GeneratedParameterType.Self, isOut: true), Create]),
            new("CreateOrAttach", GeneratedMemberKind.Method, [.. first, new GeneratedParameter(GeneratedParameterType.Bool, isOut: true), Create]),
            new("Attach", GeneratedMemberKind.Method, Attach),
            new("TryAttach", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.Self, isOut: true), Attach),
            new("AttachReadOnly", GeneratedMemberKind.Method, Attach),
            new("TryAttachReadOnly", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.ReadOnlyView, isOut: true), Attach),
            new("AttachWhenCreated", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.TimeSpan), Attach),
            new("AttachReadOnlyWhenCreated", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.TimeSpan), Attach),
            new("Load", GeneratedMemberKind.Method, Path, Load),
            new("Load", GeneratedMemberKind.Method, Path, new GeneratedParameter(GeneratedParameterType.Bool, isOut: true), Load),
            new("Delete", GeneratedMemberKind.Method, new GeneratedParameter(GeneratedParameterType.DeleteOptions)),
            new("Exists", GeneratedMemberKind.Method, Path),
            new("AsSpan", GeneratedMemberKind.Method),
            new("AsReadOnly", GeneratedMemberKind.Method),
            new("IsDisposed", GeneratedMemberKind.Property),
            new("Save", GeneratedMemberKind.Method, Path, new GeneratedParameter(GeneratedParameterType.SaveOptions)),
            new("Dispose", GeneratedMemberKind.Method),
            new("Version", GeneratedMemberKind.Property),
            new("Publish", GeneratedMemberKind.Other),
            new("BeginWrite", GeneratedMemberKind.Other),
            new("WaitForChange", GeneratedMemberKind.Other),
            new("WaitForChangeAsync", GeneratedMemberKind.Other),
            new("ReadConsistent", GeneratedMemberKind.Other),
            new("TryReadConsistent", GeneratedMemberKind.Other),
            new("AcquireShared", GeneratedMemberKind.Other),
            new("AcquireExclusive", GeneratedMemberKind.Other),
        };
        members.Add(inheritsRuntimeBase
            ? new GeneratedMember(RuntimeBaseRule.ConstantsName, GeneratedMemberKind.Other)
            : new GeneratedMember("_array", GeneratedMemberKind.Other));
        for (var k = 0; k < rank; k++)
        {
            var dim = "Dim" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            members.Add(new GeneratedMember(dim, k == 0 && dynamic ? GeneratedMemberKind.Property : GeneratedMemberKind.Other));
        }
        if (dynamic)
        {
            members.Add(new GeneratedMember("_dim0", GeneratedMemberKind.Other));
        }
        if (rank == 0)
        {
            members.Add(new GeneratedMember("Value", GeneratedMemberKind.Property));
        }
        else
        {
            var indices = Enumerable.Repeat(Int, rank).ToArray();
            members.Add(new GeneratedMember("Item", GeneratedMemberKind.Indexer, indices));
            if (!inheritsRuntimeBase)
            {
                members.Add(new GeneratedMember("Description", dynamic ? GeneratedMemberKind.Property : GeneratedMemberKind.Other));
            }
        }
        if (rank >= 2)
        {
            members.Add(new GeneratedMember("Row", GeneratedMemberKind.Method, Int));
        }
        return members.ToImmutableArray();
    }

    /// <summary>
    /// Every clash between the members <paramref name="type"/> declares or inherits (accessibly) and the
    /// members generated for <paramref name="shape"/>, and a class name that is a generated member's.
    /// Members the generator itself added (marked <c>[GeneratedCode("SharedTyped.Generator", …)]</c>) are
    /// not the user's: an analyzer sees them beside the user's own.
    /// </summary>
    public static List<MemberClash> Clashes(INamedTypeSymbol type, ITypeSymbol? element, ImmutableArray<int> shape, Compilation compilation)
    {
        var generated = For(shape, RuntimeBaseRule.Applies(type, shape));
        var clashes = new List<MemberClash>();
        foreach (var member in generated)
        {
            if (member.Name == type.Name)
            {
                clashes.Add(new MemberClash(null, inherited: false, member));
                break;
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (!IsComparable(member) || IsGenerated(member)) continue;
            AddClash(clashes, member, inherited: false, generated, type, element);
        }
        // The runtime base class the generated part declares is where the inherited generated members come from.
        for (var baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object, TypeKind: not TypeKind.Error } && !RuntimeBaseRule.IsRuntimeBase(baseType); baseType = baseType.BaseType)
        {
            foreach (var member in baseType.GetMembers())
            {
                if (!IsComparable(member) || member.IsOverride || !compilation.IsSymbolAccessibleWithin(member, type)) continue;
                AddClash(clashes, member, inherited: true, generated, type, element);
            }
        }
        return clashes;
    }

    /// <summary>
    /// The generator's full type name, which Roslyn puts in the path of every source the generator adds
    /// (<c>SharedTyped.Generator/SharedTyped.Generator.SharedArrayGenerator/Demo.Prices.g.cs</c>).
    /// </summary>
    public const string GeneratorTypeName = "SharedTyped.Generator.SharedArrayGenerator";

    /// <summary>
    /// Whether the generator wrote <paramref name="member"/>: it is declared only in a source the generator added, or
    /// it carries the generator's <c>[GeneratedCode]</c>. The constants carry no attribute: they are no code, and 3,000
    /// attributes cost a library of 500 declarations about a second of compiler time (docs/benchmarks.md).
    /// </summary>
    public static bool IsGenerated(ISymbol member)
    {
        var references = member.DeclaringSyntaxReferences;
        if (references.Length > 0 && references.All(static r => r.SyntaxTree.FilePath.Contains(GeneratorTypeName)))
        {
            return true;
        }
        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } &&
                attribute.ConstructorArguments.Length == 2 &&
                attribute.ConstructorArguments[0].Value as string == ToolName)
            {
                return true;
            }
        }
        return false;
    }

    private static void AddClash(List<MemberClash> clashes, ISymbol member, bool inherited, ImmutableArray<GeneratedMember> generated, INamedTypeSymbol type, ITypeSymbol? element)
    {
        foreach (var candidate in generated)
        {
            if (Clashes(member, candidate, type, element))
            {
                clashes.Add(new MemberClash(member, inherited, candidate));
                return;
            }
        }
    }

    /// <summary>Members that a declaration can clash with: not compiler-made, not accessors, constructors or operators.</summary>
    private static bool IsComparable(ISymbol member) =>
        !member.IsImplicitlyDeclared &&
        (member is not IMethodSymbol method || method.MethodKind == MethodKind.Ordinary);

    private static bool Clashes(ISymbol user, GeneratedMember generated, INamedTypeSymbol type, ITypeSymbol? element)
    {
        switch (user)
        {
            case IPropertySymbol { IsIndexer: true } indexer:
                return generated.Kind == GeneratedMemberKind.Indexer && SameParameters(indexer.Parameters, generated.Parameters, type, element);

            case IMethodSymbol method:
                switch (generated.Kind)
                {
                    case GeneratedMemberKind.Indexer:
                        return method.Name == generated.Name ||
                            (method.Name == "get_" + generated.Name && method.Arity == 0 && SameParameters(method.Parameters, generated.Parameters, type, element));
                    case GeneratedMemberKind.Property:
                        return method.Name == generated.Name || (method.Name == "get_" + generated.Name && method.Arity == 0 && method.Parameters.Length == 0);
                    case GeneratedMemberKind.Other:
                        return method.Name == generated.Name;
                    default:
                        // Methods of one name overload unless they agree in arity and parameter types.
                        return method.Name == generated.Name && method.Arity == 0 && SameParameters(method.Parameters, generated.Parameters, type, element);
                }

            default:
                return user.Name == generated.Name;
        }
    }

    /// <summary>Same parameter types, and <c>out</c>/<c>ref</c>/<c>in</c> where the other has <c>out</c> (CS0663).</summary>
    private static bool SameParameters(ImmutableArray<IParameterSymbol> parameters, ImmutableArray<GeneratedParameter> generated, INamedTypeSymbol type, ITypeSymbol? element)
    {
        if (parameters.Length != generated.Length) return false;
        for (var i = 0; i < parameters.Length; i++)
        {
            if ((parameters[i].RefKind != RefKind.None) != generated[i].IsOut) return false;
            if (!IsType(parameters[i].Type, generated[i].Type, type, element)) return false;
        }
        return true;
    }

    private static bool IsType(ITypeSymbol actual, GeneratedParameterType expected, INamedTypeSymbol type, ITypeSymbol? element) => expected switch
    {
        GeneratedParameterType.Int => actual.SpecialType == SpecialType.System_Int32,
        GeneratedParameterType.Bool => actual.SpecialType == SpecialType.System_Boolean,
        GeneratedParameterType.String => actual.SpecialType == SpecialType.System_String,
        GeneratedParameterType.Element => element is not null && SymbolEqualityComparer.Default.Equals(actual, element),
        GeneratedParameterType.ElementSpan =>
            actual is INamedTypeSymbol { Arity: 1 } span &&
            ElementSizes.FullName(span.OriginalDefinition) == "System.ReadOnlySpan`1" &&
            element is not null && SymbolEqualityComparer.Default.Equals(span.TypeArguments[0], element),
        GeneratedParameterType.Self => SymbolEqualityComparer.Default.Equals(actual, type),
        // The generated view; before generation (in the generator's own compilation) it does not bind.
        GeneratedParameterType.ReadOnlyView => actual.Name == "ReadOnly" &&
            (actual.TypeKind == TypeKind.Error || SymbolEqualityComparer.Default.Equals(actual.ContainingType, type)),
        GeneratedParameterType.CreateOptions => ElementSizes.FullName(actual) == "SharedTyped.CreateOptions",
        GeneratedParameterType.AttachOptions => ElementSizes.FullName(actual) == "SharedTyped.AttachOptions",
        GeneratedParameterType.LoadOptions => ElementSizes.FullName(actual) == "SharedTyped.LoadOptions",
        GeneratedParameterType.SaveOptions => ElementSizes.FullName(actual) == "SharedTyped.SaveOptions",
        GeneratedParameterType.TimeSpan => ElementSizes.FullName(actual) == "System.TimeSpan",
        GeneratedParameterType.DeleteOptions => ElementSizes.FullName(actual) == "SharedTyped.DeleteOptions",
        _ => false,
    };
}
