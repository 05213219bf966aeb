namespace SharedTyped.TestSupport;

/// <summary>
/// numpy itself, in the interpreter <see cref="Python"/> finds: <c>npy_tool.py</c> (copied beside the tests) and
/// snippets. No such Python fails the test with a clear message instead of skipping it: the interop tests must run.
/// </summary>
internal static class Numpy
{
    public static string Tool => Path.Combine(AppContext.BaseDirectory, "npy_tool.py");

    /// <summary>Runs <c>npy_tool.py</c> with <paramref name="arguments"/>; throws with its output unless it exits 0.</summary>
    public static ProcessResult RunTool(params string[] arguments)
    {
        var result = ChildProcess.Run(Python.Require(), [Tool, .. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npy_tool.py {string.Join(' ', arguments)} failed: {result}");
        }
        return result;
    }

    /// <summary>Runs a Python snippet with numpy imported as np; throws with its output unless it exits 0.</summary>
    public static string Run(string code)
    {
        var result = ChildProcess.Run(Python.Require(), ["-c", "import numpy as np\n" + code]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Python failed: {result}");
        }
        return result.Output;
    }
}
