using Microsoft.CodeAnalysis;
using SharedTyped.Generator.Tests.Infrastructure;

namespace SharedTyped.Generator.Tests.Generator;

/// <summary>
/// What the analyzers report as an error, the generator leaves alone: no source, no diagnostic of
/// its own, no exception.
/// </summary>
public sealed class InvalidDeclarationTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "managed element", """[SharedTyped.SharedArray<string>(Name = "a", Shape = [2])] public partial class A;""" },
        { "not partial", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public class A;""" },
        { "container not partial", """public class Outer { [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A; }""" },
        { "missing name", """[SharedTyped.SharedArray<int>(Shape = [2])] public partial class A;""" },
        { "empty name", """[SharedTyped.SharedArray<int>(Name = "", Shape = [2])] public partial class A;""" },
        { "slash", """[SharedTyped.SharedArray<int>(Name = "a/b", Shape = [2])] public partial class A;""" },
        { "backslash", """[SharedTyped.SharedArray<int>(Name = "a\\b", Shape = [2])] public partial class A;""" },
        { "nul", """[SharedTyped.SharedArray<int>(Name = "a\0b", Shape = [2])] public partial class A;""" },
        { "leading dot", """[SharedTyped.SharedArray<int>(Name = ".a", Shape = [2])] public partial class A;""" },
        { "dot dot", """[SharedTyped.SharedArray<int>(Name = "a..b", Shape = [2])] public partial class A;""" },
        { "too long", $$"""[SharedTyped.SharedArray<int>(Name = "{{new string('x', 256)}}", Shape = [2])] public partial class A;""" },
        { "zero dimension", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2, 0])] public partial class A;""" },
        { "negative dimension", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2, -1])] public partial class A;""" },
        { "overflow", """[SharedTyped.SharedArray<double>(Name = "a", Shape = [1073741824, 1073741824])] public partial class A;""" },
        { "generic", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A<T>;""" },
        { "nested in generic", """public partial class Outer<T> { [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A; }""" },
        { "both attributes", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] [SharedTyped.SharedArray(Name = "a", Shape = [2])] public partial class A;""" },
        { "two generic attributes", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] [SharedTyped.SharedArray<long>(Name = "a", Shape = [2])] public partial class A;""" },
        { "on two partial parts", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A; [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A;""" },
        { "shape does not bind", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2L])] public partial class A;""" },
        { "name does not bind", """[SharedTyped.SharedArray<int>(Name = 5, Shape = [2])] public partial class A;""" },
        { "internal element of a public class", """internal struct P { public int X; } [SharedTyped.SharedArray<P>(Name = "a", Shape = [2])] public partial class A;""" },
        { "private nested element of a public nested class", """public partial class Outer { private struct P { public int X; } [SharedTyped.SharedArray<P>(Name = "a", Shape = [2])] public partial class A; }""" },
        { "internal type argument of the element", """public struct W<T> where T : unmanaged { public T X; } internal struct P { public int X; } [SharedTyped.SharedArray<W<P>>(Name = "a", Shape = [2])] public partial class A;""" },
        { "static class", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public static partial class A;""" },
        { "abstract class", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public abstract partial class A;""" },
        { "file-local class", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] file partial class A;""" },
        { "nested in a file-local class", """file partial class Outer { [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A; }""" },
        { "base without a parameterless constructor", """public class B { public B(int x) { } } [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A : B { public A() : base(1) { } }""" },
        { "primary constructor", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A(int x) { public int X => x; }""" },
        { "required member", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A { public required int X { get; init; } }""" },
        { "member named like a generated one", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A { public int Length; }""" },
        { "method with a generated signature", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A { public void Dispose() { } }""" },
        { "inherited member the generated one hides", """public class B { public void Save(string path, SharedTyped.SaveOptions options) { } } [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class A : B;""" },
        { "class named like a generated member", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class ReadOnly;""" },
        { "on a struct", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial struct A;""" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Generates_nothing_and_does_not_throw(string rule, string source)
    {
        var (run, _, diagnostics) = GeneratorRunner.Run(source);
        var result = run.Results.Single();
        Assert.True(result.Exception is null, $"{rule}: {result.Exception}");
        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(diagnostics, static d => d.Id == "CS8785");
    }

    [Fact]
    public void Valid_declarations_next_to_invalid_ones_are_generated()
    {
        var (run, output, _) = GeneratorRunner.Run(
            """
            [SharedTyped.SharedArray<int>(Name = "a", Shape = [2, 0])] public partial class Broken;
            /// <summary>Fine.</summary>
            [SharedTyped.SharedArray<int>(Name = "b", Shape = [2])] public partial class Fine;
            """);
        Assert.Equal("Fine.g.cs", Assert.Single(run.Results.Single().GeneratedSources).HintName);
        Assert.Empty(output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true));
    }
}
