using System.Runtime.CompilerServices;
using Xunit;

namespace SharedTyped.TestPlatforms;

/// <summary>
/// A test of Linux by design (/dev/shm, /proc, flock, Unix modes, Python and numpy, which the Windows
/// leg has not got): it runs on Linux and is skipped elsewhere, the skip naming <paramref name="why"/>.
/// Linked into every test project the Windows leg (.ci/windows) runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(string why, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = LinuxOnly.Reason(why);
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> of <see cref="LinuxFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute(string why, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = LinuxOnly.Reason(why);
        }
    }
}

internal static class LinuxOnly
{
    public static string Reason(string why) => $"Linux only: {why}";

    public const string Sync = "coordination (versions, waits, locks) runs on Linux and Windows; elsewhere its members throw PlatformNotSupportedException";

    /// <summary>Whether the coordination members run here (docs/guarantees.md, "Other systems").</summary>
    public static bool HasSync => OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

    /// <summary>Why a test that needs a segment to outlive every handle to it is Linux only.</summary>
    public const string Persistence = "a segment that outlives every handle to it; Windows frees a mapping with its last handle";
}

/// <summary>
/// A test of the coordination members (versions, waits, locks): they run where the platform has them
/// (Linux, Windows); elsewhere they throw <see cref="PlatformNotSupportedException"/>, and the test is skipped
/// saying so (see docs/guarantees.md, "Other systems").
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SyncFactAttribute : FactAttribute
{
    public SyncFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!LinuxOnly.HasSync)
        {
            Skip = LinuxOnly.Sync;
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> of <see cref="SyncFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SyncTheoryAttribute : TheoryAttribute
{
    public SyncTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!LinuxOnly.HasSync)
        {
            Skip = LinuxOnly.Sync;
        }
    }
}

/// <summary>
/// A test that runs on every platform but under Wine, whose CoreCLR dies with "Internal CLR error"
/// (0x80131506) in tight loops that throw and catch many exceptions; a real Windows runs it (see
/// docs/guarantees.md, "Windows", and .github/workflows/platforms.yml). The skip names <paramref name="why"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NotUnderWineFactAttribute : FactAttribute
{
    public NotUnderWineFactAttribute(string why, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (Wine.IsRunning)
        {
            Skip = Wine.Reason(why);
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> of <see cref="NotUnderWineFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NotUnderWineTheoryAttribute : TheoryAttribute
{
    public NotUnderWineTheoryAttribute(string why, [CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (Wine.IsRunning)
        {
            Skip = Wine.Reason(why);
        }
    }
}

internal static class Wine
{
    /// <summary>Whether this Windows process runs under Wine: its ntdll exports <c>wine_get_version</c>.</summary>
    public static bool IsRunning { get; } = OperatingSystem.IsWindows()
        && System.Runtime.InteropServices.NativeLibrary.TryLoad("ntdll.dll", out var ntdll)
        && System.Runtime.InteropServices.NativeLibrary.TryGetExport(ntdll, "wine_get_version", out _);

    public static string Reason(string why) => $"Not under Wine (a real Windows runs it): {why}";

    public const string Finalizers = "collects arrays that were never disposed; CoreCLR 10 on Wine 8 then dies with an internal CLR error (0x80131506) in the process that ran them";

    public const string Crash = "CoreCLR 10 on Wine 8 dies with an internal CLR error (0x80131506) in this test";

    public const string FinalizerThread = "CoreCLR 10 on Wine 8 dies in its finalizer thread (internal CLR error 0x80131506, DynamicResolver) during this test's tens of thousands of attaches, in two CI runs of two; run by hand under Wine it passed (docs/guarantees.md, \"Windows\")";

    public const string ExceptionLoops = "CoreCLR 10 on Wine 8 dies with an internal CLR error in loops that throw and catch thousands of exceptions";
}
