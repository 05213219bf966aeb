using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>Theory data: element kinds by name (xunit serialises strings, so each case shows by name).</summary>
public static class Kinds
{
    public static TheoryData<string> All { get; } = Data(ElementKind.All);

    public static TheoryData<string> Cdxcore { get; } = Data(ElementKind.Cdxcore);

    public static TheoryData<string> Extensions { get; } = Data(ElementKind.Extensions);

    /// <summary>Runs <paramref name="visitor"/> with the CLR type of kind <paramref name="name"/>.</summary>
    public static void Run(string name, IElementVisitor<bool> visitor) => ElementKind.ByName(name).Accept(visitor);

    private static TheoryData<string> Data(IEnumerable<ElementKind> kinds)
    {
        var data = new TheoryData<string>();
        foreach (var kind in kinds)
        {
            data.Add(kind.Name);
        }
        return data;
    }
}
