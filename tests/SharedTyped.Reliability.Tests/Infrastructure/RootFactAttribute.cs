namespace SharedTyped.Reliability.Tests;

/// <summary>
/// A test that needs root (mounting a tmpfs, chown to another user). Run as root — CI is — it always
/// runs, and a set-up step that fails is a test failure. Only a non-root run outside CI skips it, and
/// the skip shows in the results with its reason. Under CI=true a non-root run fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(
        string why,
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = LinuxOnly.Reason($"needs root on Linux ({why})");
        }
        else if (!Native.IsRoot && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs root ({why}); run the suite as root, as CI does, to check this guarantee";
        }
    }

    /// <summary>Fails the test unless this process is root (a [RootFact] only gets here as non-root under CI=true).</summary>
    public static void RequireRoot(string why)
    {
        if (!Native.IsRoot)
        {
            Assert.Fail($"This test needs root ({why}) and runs as uid {Native.GetEuid()} under CI=true: a failure, not a skip.");
        }
    }
}
