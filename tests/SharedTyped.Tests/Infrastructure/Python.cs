using System.Text.Json;
using Xunit;

namespace SharedTyped.Tests.Infrastructure;

/// <summary>
/// A Python 3 that can <c>import numpy</c>, found once per run, and the scripts of tests/python that
/// the build copies to python/ beside the tests. Without one the interop tests fail, never skip.
/// </summary>
internal static class Python
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    public static string ScriptDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>The interpreter, or a failed test saying how to get one.</summary>
    public static string Require() => Interpreter.Value ?? throw Missing();

    /// <summary>What a test reports when no interpreter with numpy exists: a failure, never a skip.</summary>
    public static Xunit.Sdk.XunitException Missing() => new(
        "No Python 3 with numpy was found (tried $SHAREDTYPED_PYTHON, /usr/bin/python3, python3 on PATH). " +
        "The numpy interop tests need one: install python3-numpy (apt-get install -y python3-numpy).");

    /// <summary>Runs <c>interop.py</c> with <paramref name="arguments"/>; fails the test unless it exits 0.</summary>
    public static JsonElement Interop(params string[] arguments)
    {
        var result = ChildProcess.Run(Require(), [Path.Combine(ScriptDirectory, "interop.py"), .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("leaked", result.Error, StringComparison.OrdinalIgnoreCase);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, result.ToString());
        return JsonDocument.Parse(lines[^1]).RootElement;
    }

    /// <summary>Runs the interpreter with <paramref name="arguments"/> as they are.</summary>
    public static ProcessResult Run(params string[] arguments) => ChildProcess.Run(Require(), arguments);

    /// <summary>Runs <c>interop.py</c> expecting it to fail; returns what it printed.</summary>
    public static ProcessResult InteropFailing(params string[] arguments)
    {
        var result = ChildProcess.Run(Require(), [Path.Combine(ScriptDirectory, "interop.py"), .. arguments]);
        Assert.True(result.ExitCode != 0, $"Expected a failure: {result}");
        return result;
    }

    /// <summary>The first of <paramref name="candidates"/> that exists and can import numpy.</summary>
    public static string? FindIn(IEnumerable<string> candidates)
    {
        foreach (var candidate in candidates.Distinct())
        {
            if (!File.Exists(candidate))
            {
                continue;
            }
            try
            {
                if (ChildProcess.Run(candidate, ["-c", "import numpy, multiprocessing.shared_memory"]).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        return null;
    }

    private static string? Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("SHAREDTYPED_PYTHON") is { Length: > 0 } chosen)
        {
            candidates.Add(chosen);
        }
        candidates.Add("/usr/bin/python3");
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(directory, "python3"));
        }
        return FindIn(candidates);
    }
}
