using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace SharedTyped.Generator.Tests.Infrastructure;

/// <summary>
/// A source-generator test that compiles like a strict consumer: documentation comments checked
/// (CS1591), nullable on, and any compiler warning in the result fails the test.
/// </summary>
internal sealed class GeneratorTest : CSharpSourceGeneratorTest<SharedArrayGenerator, DefaultVerifier>
{
    public GeneratorTest()
    {
        TestState.ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.All);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

    /// <summary>
    /// Checks that <paramref name="source"/> generates exactly the given files, each equal to its
    /// expected file, and that everything compiles without a warning.
    /// </summary>
    public static async Task VerifyAsync(string source, params (string HintName, string ExpectedFile)[] generated)
    {
        if (ExpectedFiles.Updating)
        {
            var run = GeneratorRunner.Run(source).Result;
            foreach (var (hintName, expectedFile) in generated)
            {
                var sources = run.Results.Single().GeneratedSources;
                var text = sources.SingleOrDefault(s => s.HintName == hintName).SourceText?.ToString()
                    ?? throw new InvalidOperationException($"No generated file {hintName}; the generator made: {string.Join(", ", sources.Select(s => s.HintName))}");
                ExpectedFiles.Write(expectedFile, text);
            }
            return;
        }

        var test = new GeneratorTest { TestState = { Sources = { source } } };
        foreach (var (hintName, expectedFile) in generated)
        {
            test.TestState.GeneratedSources.Add((typeof(SharedArrayGenerator), hintName, SourceText.From(ExpectedFiles.Read(expectedFile), Encoding.UTF8)));
        }
        await test.RunAsync();
    }
}
