using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// Versions, waits and locks are built on Linux's futex and open-file-description locks; elsewhere
/// every call says so instead of pretending with a weaker mechanism.
/// </summary>
internal sealed unsafe class UnsupportedSegmentSync : ISegmentSync
{
    public bool Wait(uint* word, uint expected, TimeSpan timeout) => throw Unsupported();

    public void WakeAll(uint* word) => throw Unsupported();

    public bool IsAlive(int processId) => throw Unsupported();

    public SafeFileHandle OpenLockDescription(NativeSegment segment, bool exclusive) => throw Unsupported();

    public bool TryLock(SafeFileHandle description, long offset, bool exclusive) => throw Unsupported();

    public void Unlock(SafeFileHandle description, long offset) => throw Unsupported();

    public LockProbe Probe(NativeSegment segment, long offset) => throw Unsupported();

    private static PlatformNotSupportedException Unsupported() =>
        new($"Shared-array versions, waits and locks need Linux (futex and open-file-description locks); this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
}
