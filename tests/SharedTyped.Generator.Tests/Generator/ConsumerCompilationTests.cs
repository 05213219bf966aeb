using Microsoft.CodeAnalysis;
using SharedTyped.Generator.Tests.Infrastructure;

namespace SharedTyped.Generator.Tests.Generator;

/// <summary>Declarations beyond the expected-file cases compile, with the generated code, without a warning.</summary>
public sealed class ConsumerCompilationTests
{
    [Theory]
    [InlineData("record", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2, 2])] public sealed partial record Values;""", "Values.g.cs")]
    [InlineData("sealed with members", """
        [SharedTyped.SharedArray<int>(Name = "a", Shape = [2, 2])]
        public sealed partial class Values
        {
            /// <summary>The sum.</summary>
            public long Sum() { long s = 0; foreach (var v in AsSpan()) s += v; return s; }
        }
        """, "Values.g.cs")]
    [InlineData("non-ASCII name", """[SharedTyped.SharedArray<int>(Name = "prix", Shape = [2])] public partial class Préis;""", "Pr_is.")]
    [InlineData("file-scoped namespace and alias", """
        namespace A.B;
        using Arr = SharedTyped.SharedArrayAttribute<long>;
        [Arr(Name = "a", Shape = [-1, 2, 3])] public partial class Values;
        """, "A.B.Values.g.cs")]
    [InlineData("overloads of generated members", """
        [SharedTyped.SharedArray<int>(Name = "a", Shape = [2, 2])]
        public partial class Values
        {
            protected virtual void Dispose(bool disposing) { }
            public static Values Create(string seed) => throw null!;
            public int this[string column] => 0;
            public static bool TryCreate(Values array, SharedTyped.CreateOptions? options) => false;
        }
        """, "Values.g.cs")]
    [InlineData("base classes the generated constructor can call", """
        public abstract class Base { protected Base(int seed = 0) { } private void Save(string path) { } protected virtual void Dispose(bool disposing) { } }
        [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public sealed partial class Values : Base;
        """, "Values.g.cs")]
    [InlineData("own constructor and init-only member", """
        [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])]
        public partial class Values
        {
            public Values(int seed) : base(SharedTyped.SharedArray.Create<int>("a", [2])) { Seed = seed; }
            public int Seed { get; init; }
        }
        """, "Values.g.cs")]
    [InlineData("own constructor chaining to the generated one, with a base class of its own", """
        public class Base;
        [SharedTyped.SharedArray<int>(Name = "a", Shape = [2])]
        public partial class Values : Base
        {
            public Values(int seed) : this(SharedTyped.SharedArray.Create<int>("a", [2])) { Seed = seed; }
            public int Seed { get; init; }
        }
        """, "Values.g.cs")]
    [InlineData("class named Shape", """[SharedTyped.SharedArray<int>(Name = "a", Shape = [2])] public partial class Shape;""", "Shape.g.cs")]
    [InlineData("internal element, internal class", """internal struct P { public int X; public P(int x) => X = x; } [SharedTyped.SharedArray<P>(Name = "a", Shape = [2])] internal partial class Values;""", "Values.g.cs")]
    [InlineData("private element, private nested class", """public partial class Outer { private struct P { public int X; } [SharedTyped.SharedArray<P>(Name = "a", Shape = [-1, 2])] private partial class Values; }""", "Outer+Values.g.cs")]
    [InlineData("protected element, protected nested class", """public partial class Outer { protected struct P { public int X; } [SharedTyped.SharedArray<P>(Name = "a", Shape = [2, 2])] protected partial class Values; }""", "Outer+Values.g.cs")]
    [InlineData("internal element, public class in an internal one", """internal struct P { public int X; } internal partial class Outer { [SharedTyped.SharedArray<P>(Name = "a")] public partial class Values; }""", "Outer+Values.g.cs")]
    [InlineData("carriage return in the name", """[SharedTyped.SharedArray<int>(Name = "a\rb", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("NEL in the name", """[SharedTyped.SharedArray<int>(Name = "a\u0085b", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("line separator in the name", """[SharedTyped.SharedArray<int>(Name = "a\u2028b", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("paragraph separator in the name", """[SharedTyped.SharedArray<int>(Name = "a\u2029b", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("control characters in the name", """[SharedTyped.SharedArray<int>(Name = "a\u0001\t\u001b\u007fb", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("emoji and markup in the name", """[SharedTyped.SharedArray<int>(Name = "a\U0001F600<b>&c", Shape = [2])] public partial class Values;""", "Values.g.cs")]
    [InlineData("large strides", """[SharedTyped.SharedArray<byte>(Name = "a", Shape = [4, 65536, 65536])] public partial class Values;""", "Values.g.cs")]
    public void Compiles_without_warnings(string what, string declaration, string hintNameStart)
    {
        var source = "#pragma warning disable CS1591\n" + declaration;
        var (run, output, diagnostics) = GeneratorRunner.Run(source);

        Assert.Empty(diagnostics);
        var generated = Assert.Single(run.Results.Single().GeneratedSources);
        Assert.StartsWith(hintNameStart, generated.HintName, StringComparison.Ordinal);
        var problems = output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, $"{what}:\n{string.Join("\n", problems)}");
    }
}
