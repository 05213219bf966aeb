namespace SharedTyped.TestSupport;

/// <summary>
/// The one way the tests find a Python 3 that can <c>import numpy</c> (and <c>multiprocessing.shared_memory</c>), once
/// per run: <c>$SHAREDTYPED_PYTHON</c> if set, then Debian's <c>/usr/bin/python3</c> (python3-numpy), then <c>python3</c>
/// and <c>python</c> on the PATH, which may lack numpy. Without one the interop tests fail, never skip.
/// </summary>
internal static class Python
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    /// <summary>The interpreter, or a failed test saying how to get one.</summary>
    public static string Require() => Interpreter.Value ?? throw Missing();

    /// <summary>What a test reports when no interpreter with numpy exists: a failure, never a skip.</summary>
    public static Xunit.Sdk.XunitException Missing() => new(
        "No Python 3 with numpy was found (tried $SHAREDTYPED_PYTHON, /usr/bin/python3, python3 and python on PATH). " +
        "The numpy interop tests need one: install python3-numpy (apt-get install -y python3-numpy).");

    /// <summary>Runs the interpreter with <paramref name="arguments"/> as they are.</summary>
    public static ProcessResult Run(params string[] arguments) => ChildProcess.Run(Require(), arguments);

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
                if (ChildProcess.Run(candidate, ["-c", "import numpy, multiprocessing.shared_memory"], timeout: TimeSpan.FromSeconds(60)).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
                // Not a program, or one that hangs: not an interpreter to use.
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
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(directory, "python3"));
            candidates.Add(Path.Combine(directory, "python"));
        }
        return FindIn(candidates);
    }
}
