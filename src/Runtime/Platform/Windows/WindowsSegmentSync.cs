using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// Coordination on Windows: a wait on a word that another process wakes through named kernel objects
/// (<see cref="WindowsWaitSpace"/>; <c>WaitOnAddress</c> wakes only within one process), whether a
/// process lives (<c>OpenProcess</c>), and byte locks that the kernel drops with their holder
/// (<c>LockFileEx</c> on a lock file per segment, <see cref="WindowsLockFiles"/>). The protocol on the
/// words is the one of every platform (docs/format.md, "The sync block").
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsSegmentSync : ISegmentSync
{
    public bool Wait(uint* word, uint expected, TimeSpan timeout)
    {
        if (!WindowsArmedWord.TryArm(word, expected, out var armed))
        {
            return true;
        }
        try
        {
            return Kernel32.WaitForSingleObject(armed.Event, Kernel32.Milliseconds(timeout)) switch
            {
                Kernel32.WaitObject0 => true,
                Kernel32.WaitTimeout => false,
                _ => throw new IOException($"Waiting on a shared-array word failed: {Kernel32.LastError()}."),
            };
        }
        finally
        {
            armed.Disarm();
        }
    }

    public void WakeAll(uint* word) => WindowsArmedWord.WakeAll(word);

    public bool IsAlive(int processId)
    {
        if (processId <= 0)
        {
            return false;
        }
        // SYNCHRONIZE is all a wait needs; a process of another user may refuse even that, and is alive.
        var process = Kernel32.OpenProcess(Kernel32.Synchronize, false, (uint)processId);
        if (process == 0)
        {
            return System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Kernel32.ErrorInvalidParameter;
        }
        try
        {
            // An exited process stays openable while anyone holds a handle to it; it is signalled then.
            return Kernel32.WaitForSingleObject(process, 0) == Kernel32.WaitTimeout;
        }
        finally
        {
            Kernel32.CloseHandle(process);
        }
    }

    public SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive) => WindowsLockFiles.Open(View(segment));

    public bool TryLock(SafeFileHandle description, long offset, bool exclusive) => WindowsLockFiles.TryLock(description, offset, exclusive);

    public void Unlock(SafeFileHandle description, long offset) => WindowsLockFiles.Unlock(description, offset);

    public LockProbe Probe(NativeSegment segment, long offset) => WindowsLockFiles.Probe(View(segment), offset);

    private static WindowsMappedViews.View View(NativeSegment segment) =>
        segment is WindowsSegment { View: { } view } ? view : throw new ObjectDisposedException("segment");
}
