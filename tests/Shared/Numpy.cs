namespace SharedTyped.TestSupport;

/// <summary>
/// A Python that can <c>import numpy</c>, preferring Debian's <c>/usr/bin/python3</c> (python3-numpy);
/// a <c>python3</c> earlier on the PATH may lack numpy. No such Python fails the test with a clear
/// message instead of skipping it: the interop tests must run.
/// </summary>
internal static class Numpy
{
    private static readonly Lazy<string> Interpreter = new(Find);

    public static string Tool => Path.Combine(AppContext.BaseDirectory, "npy_tool.py");

    /// <summary>Runs <c>npy_tool.py</c> with <paramref name="arguments"/>; throws with its output unless it exits 0.</summary>
    public static ProcessResult RunTool(params string[] arguments)
    {
        var result = ChildProcess.Run(Interpreter.Value, [Tool, .. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npy_tool.py {string.Join(' ', arguments)} failed: {result}");
        }
        return result;
    }

    /// <summary>Runs a Python snippet with numpy imported as np; throws with its output unless it exits 0.</summary>
    public static string Run(string code)
    {
        var result = ChildProcess.Run(Interpreter.Value, ["-c", "import numpy as np\n" + code]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"Python failed: {result}");
        }
        return result.Output;
    }

    private static string Find()
    {
        var candidates = new List<string> { "/usr/bin/python3" };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(directory, "python3"));
            candidates.Add(Path.Combine(directory, "python"));
        }
        var tried = new List<string>();
        foreach (var candidate in candidates.Distinct().Where(File.Exists))
        {
            tried.Add(candidate);
            try
            {
                if (ChildProcess.Run(candidate, ["-c", "import numpy"], timeout: TimeSpan.FromSeconds(30)).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
            }
        }
        throw new InvalidOperationException(
            $"No Python with numpy found (tried: {(tried.Count == 0 ? "none on this machine" : string.Join(", ", tried))}). " +
            "The .npy interop tests need numpy: install Debian's python3-numpy (apt-get install -y python3-numpy).");
    }
}
