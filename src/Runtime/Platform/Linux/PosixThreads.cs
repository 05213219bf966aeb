using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// The glibc pthread mutex calls behind a sync block's word lock (a <c>pthread_mutex_t</c> is 40 bytes on
/// x86-64 and 48 on arm64, within <see cref="SyncBlock.WordLockLength"/>). They live in libc.so.6 since
/// glibc 2.34 and partly in libpthread.so.0 before, so each is looked up in both.
/// </summary>
internal static unsafe class PosixThreads
{
    public const int PTHREAD_PROCESS_SHARED = 1;
    public const int PTHREAD_MUTEX_ROBUST = 1;

    /// <summary>glibc's <c>pthread_mutexattr_t</c> is 4 bytes on every architecture; this is room to spare.</summary>
    public const int MutexAttributesBytes = 16;

    public static readonly delegate* unmanaged<byte*, int> MutexAttributesInitialize = (delegate* unmanaged<byte*, int>)Export("pthread_mutexattr_init");
    public static readonly delegate* unmanaged<byte*, int, int> MutexAttributesSetShared = (delegate* unmanaged<byte*, int, int>)Export("pthread_mutexattr_setpshared");
    public static readonly delegate* unmanaged<byte*, int, int> MutexAttributesSetRobust = (delegate* unmanaged<byte*, int, int>)Export("pthread_mutexattr_setrobust");
    public static readonly delegate* unmanaged<byte*, int> MutexAttributesDestroy = (delegate* unmanaged<byte*, int>)Export("pthread_mutexattr_destroy");
    public static readonly delegate* unmanaged<byte*, byte*, int> MutexInitialize = (delegate* unmanaged<byte*, byte*, int>)Export("pthread_mutex_init");
    public static readonly delegate* unmanaged<byte*, int> MutexLock = (delegate* unmanaged<byte*, int>)Export("pthread_mutex_lock");
    public static readonly delegate* unmanaged<byte*, int> MutexTryLock = (delegate* unmanaged<byte*, int>)Export("pthread_mutex_trylock");
    public static readonly delegate* unmanaged<byte*, int> MutexUnlock = (delegate* unmanaged<byte*, int>)Export("pthread_mutex_unlock");
    public static readonly delegate* unmanaged<byte*, int> MutexConsistent = (delegate* unmanaged<byte*, int>)Export("pthread_mutex_consistent");

    /// <summary>Whether this process's C library is glibc, whose mutex layout the sync block records.</summary>
    public static bool IsGlibc { get; } = TryExport("gnu_get_libc_version", out _);

    private static nint Export(string name) =>
        TryExport(name, out var address)
            ? address
            : throw new PlatformNotSupportedException($"The C library has no {name}; shared-array word locks need glibc's pthread mutexes.");

    private static bool TryExport(string name, out nint address)
    {
        foreach (var library in new[] { "libc.so.6", "libpthread.so.0" })
        {
            if (NativeLibrary.TryLoad(library, out var handle) && NativeLibrary.TryGetExport(handle, name, out address))
            {
                return true;
            }
        }
        address = 0;
        return false;
    }
}
