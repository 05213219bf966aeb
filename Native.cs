using System.Runtime.InteropServices;

namespace SharedTyped.Reliability.Tests;

/// <summary>The few libc calls the tests make themselves to set up hostile or unusual conditions.</summary>
internal static partial class Native
{
    [LibraryImport("libc.so.6", EntryPoint = "umask")]
    public static partial uint Umask(uint mask);

    [LibraryImport("libc.so.6", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, int owner, int group);

    [LibraryImport("libc.so.6", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;

    public static bool IsRoot => GetEuid() == 0;

    /// <summary>Returns false (skip) when not root, and fails under CI=true, where the test must run.</summary>
    public static bool RequireRoot(string why)
    {
        if (IsRoot)
        {
            return true;
        }
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail($"This test needs root ({why}); CI=true, so this is a failure, not a skip.");
        }
        Console.Error.WriteLine($"SKIPPED: needs root ({why}).");
        return false;
    }
}
