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
        { "on a struct", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial struct A;""" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void GeneratesNothingAndDoesNotThrow(string rule, string source)
    {
        var (run, _, diagnostics) = GeneratorRunner.Run(source);
        var result = run.Results.Single();
        Assert.True(result.Exception is null, $"{rule}: {result.Exception}");
        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(diagnostics, static d => d.Id == "CS8785");
    }

    [Fact]
    public void ValidDeclarationsNextToInvalidOnesAreGenerated()
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
