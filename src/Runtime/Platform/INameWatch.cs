namespace SharedTyped;

/// <summary>
/// The seam for waiting, without polling, until something happens to one name in the shared-memory
/// namespace (it is created, moved there, or written and closed), for
/// <see cref="SharedArray.AttachWhenCreated{T}(string, TimeSpan, AttachOptions?)"/>.
/// </summary>
internal interface INameWatch : IDisposable
{
    /// <summary>Sleeps until an event names the watched name, or <paramref name="timeout"/> passes; false then.</summary>
    bool Wait(TimeSpan timeout);
}

/// <summary>The name watch of the platform this process runs on.</summary>
internal static class NameWatch
{
    /// <summary>
    /// Watches <paramref name="name"/> in the shared-memory <paramref name="directory"/> (null: the
    /// default one); <paramref name="subject"/> names the array in messages. Started before the first
    /// attach attempt, so that a segment published between the attempt and the sleep still wakes it.
    /// </summary>
    public static INameWatch Start(string name, string? directory, string subject) =>
        OperatingSystem.IsLinux() ? LinuxNameWatch.Start(name, LinuxSharedMemory.ResolveDirectory(directory), subject)
        : OperatingSystem.IsWindows() ? WindowsNameWatch.Start(name, subject)
        // macOS's POSIX shared memory has no directory to watch and no creation event.
        : throw new PlatformNotSupportedException(
            $"{subject}: waiting for a shared array to be created needs a shared-memory directory to watch (inotify on Linux) or the creation event of Windows; {System.Runtime.InteropServices.RuntimeInformation.OSDescription} has neither.");
}
