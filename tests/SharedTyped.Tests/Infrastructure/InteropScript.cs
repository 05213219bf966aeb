using System.Text.Json;
using Xunit;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>
/// The scripts of tests/python that the build copies to python/ beside the tests, run by the interpreter
/// <see cref="Python"/> finds (tests/Shared/Python.cs).
/// </summary>
internal static class InteropScript
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>The path of script <paramref name="fileName"/> beside the tests.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Runs <c>interop.py</c> with <paramref name="arguments"/>; fails the test unless it exits 0; its last line as JSON.</summary>
    public static JsonElement Run(params string[] arguments)
    {
        var result = ChildProcess.Run(Python.Require(), [PathOf("interop.py"), .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("leaked", result.Error, StringComparison.OrdinalIgnoreCase);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, result.ToString());
        return JsonDocument.Parse(lines[^1]).RootElement;
    }

    /// <summary>Runs <c>interop.py</c> expecting it to fail; returns what it printed.</summary>
    public static ProcessResult RunFailing(params string[] arguments)
    {
        var result = ChildProcess.Run(Python.Require(), [PathOf("interop.py"), .. arguments]);
        Assert.True(result.ExitCode != 0, $"Expected a failure: {result}");
        return result;
    }
}
