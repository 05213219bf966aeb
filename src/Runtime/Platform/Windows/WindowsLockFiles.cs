using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// The byte locks of a segment on Windows (the write lock and the reader/writer lock of
/// docs/format.md, "The sync block"): <c>LockFileEx</c> on a lock file per segment. Such a lock
/// belongs to the handle it was taken through, has a shared and an exclusive mode, is not tied to a
/// thread (an async method may release it elsewhere), and the system releases it when the handle
/// closes or its process dies — what Linux's open-file-description locks give. Named mutexes were the
/// other candidate: they have no shared mode and belong to a thread. See docs/guarantees.md ("Windows").
/// </summary>
/// <remarks>
/// The file lives in this user's <c>%LOCALAPPDATA%\SharedTyped\locks</c> (private to the user), named by
/// a hash of the segment's name with its namespace (and the session, for <c>Local\</c>), upper-cased as
/// the object manager compares names. Every handle is opened without <c>FILE_SHARE_DELETE</c>, so the
/// file can be deleted only while nobody has it open — and then nobody holds a lock in it, so deleting it
/// loses nothing: the next opener creates it again. That makes clean-up safe at any moment: a process
/// deletes the file when it unmaps the segment (failing harmlessly while others have it open), and the
/// first lock of each process sweeps the files nobody has open, left by processes that were killed.
/// A segment of another user has its lock file in that user's folder, which this process cannot share:
/// its locks throw <see cref="PlatformNotSupportedException"/> instead of locking a file of its own.
/// </remarks>
[SupportedOSPlatform("windows")]
internal static unsafe class WindowsLockFiles
{
    private static readonly Lazy<string> Folder = new(() => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "SharedTyped", "locks"));

    private static readonly Lazy<WindowsSecurityDescriptor> OwnerOnly = new(() =>
        WindowsSecurityDescriptor.FromSddl("SharedTyped lock files", $"O:{WindowsSecurity.CurrentUser}D:P(A;;GA;;;{WindowsSecurity.CurrentUser})"));

    private static int _swept;

    /// <summary>How often an open that meets a deletion in progress tries again (1 ms apart).</summary>
    private const int OpenAttempts = 200;

    /// <summary>A new handle on the segment's lock file: its locks are its own, and go when it closes.</summary>
    public static SafeFileHandle Open(WindowsMappedViews.View view)
    {
        if (!view.OwnedByThisUser)
        {
            throw new PlatformNotSupportedException(
                $"Shared array '{view.QualifiedName}' belongs to another user: on Windows its locks (BeginWrite, AcquireShared, AcquireExclusive) live in a lock file of its owner's, which this user cannot share.");
        }
        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            Sweep();
        }
        view.UsedLockFile = true;
        var path = PathOf(view);
        var attributes = OwnerOnly.Value.Attributes;
        for (var attempt = 1; ; attempt++)
        {
            var file = Kernel32.CreateFile(path, Kernel32.GenericRead | Kernel32.GenericWrite, Kernel32.FileShareRead | Kernel32.FileShareWrite,
                &attributes, Kernel32.OpenAlways, Kernel32.FileAttributeNormal, 0);
            if (!file.IsInvalid)
            {
                return file;
            }
            var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            file.Dispose();
            if (error == Kernel32.ErrorPathNotFound)
            {
                Directory.CreateDirectory(Folder.Value);
            }
            else if (error is not (Kernel32.ErrorSharingViolation or Kernel32.ErrorAccessDenied) || attempt >= OpenAttempts)
            {
                // Sharing violation and access denied: another process is deleting the unused file this instant.
                throw new IOException($"Shared array '{view.QualifiedName}': cannot open its lock file '{path}': {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}.");
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    public static bool TryLock(SafeFileHandle description, long offset, bool exclusive)
    {
        var overlapped = At(offset);
        var flags = Kernel32.LockfileFailImmediately | (exclusive ? Kernel32.LockfileExclusiveLock : 0);
        if (Kernel32.LockFileEx(description, flags, 0, 1, 0, &overlapped))
        {
            return true;
        }
        var error = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return error == Kernel32.ErrorLockViolation
            ? false
            : throw new IOException($"Cannot lock byte {offset} of the segment's lock file: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}.");
    }

    public static void Unlock(SafeFileHandle description, long offset)
    {
        var overlapped = At(offset);
        if (!Kernel32.UnlockFileEx(description, 0, 1, 0, &overlapped))
        {
            throw new IOException($"Cannot unlock byte {offset} of the segment's lock file: {Kernel32.LastError()}.");
        }
    }

    /// <summary>
    /// Which lock another handle holds on byte <paramref name="offset"/>. Windows cannot ask without
    /// trying: a handle of its own tries a shared lock (refused: an exclusive holder), then an exclusive
    /// one (refused: shared holders), each released at once. A holder is never disturbed; a taker that
    /// tried in that instant may have been refused, so every waiter of the segment is woken afterwards to try again.
    /// </summary>
    public static LockProbe Probe(WindowsMappedViews.View view, long offset)
    {
        if (!view.OwnedByThisUser)
        {
            // Its lock file cannot be seen from here (see Open): report what can be known, nothing held.
            return LockProbe.Free;
        }
        using var probe = Open(view);
        LockProbe found;
        if (!TryLock(probe, offset, exclusive: false))
        {
            found = LockProbe.Exclusive;
        }
        else
        {
            Unlock(probe, offset);
            if (TryLock(probe, offset, exclusive: true))
            {
                Unlock(probe, offset);
                found = LockProbe.Free;
            }
            else
            {
                found = LockProbe.Shared;
            }
            if (view.TryPin())
            {
                try
                {
                    view.Waits?.WakeEverySlot();
                }
                finally
                {
                    view.Unpin();
                }
            }
        }
        return found;
    }

    /// <summary>Deletes the segment's lock file if nobody has it open (it holds no lock then).</summary>
    public static void RemoveIfUnused(WindowsMappedViews.View view) => Kernel32.DeleteFile(PathOf(view));

    /// <summary>Where the lock file of the segment of <paramref name="view"/> is.</summary>
    internal static string PathOf(WindowsMappedViews.View view)
    {
        var name = view.QualifiedName;
        string scope;
        if (name.StartsWith(WindowsNames.Global, StringComparison.Ordinal))
        {
            scope = "global";
            name = name[WindowsNames.Global.Length..];
        }
        else
        {
            Kernel32.ProcessIdToSessionId((uint)Environment.ProcessId, out var session);
            scope = $"session {session}";
            name = name[WindowsNames.Local.Length..];
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\\{name.ToUpperInvariant()}"));
        return Path.Combine(Folder.Value, Convert.ToHexString(hash, 0, 16) + ".lock");
    }

    /// <summary>Deletes every lock file nobody has open (left by killed processes); the open ones refuse.</summary>
    private static void Sweep()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Folder.Value, "*.lock"))
            {
                Kernel32.DeleteFile(file);
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static NativeOverlapped At(long offset) => new() { OffsetLow = (int)(uint)offset, OffsetHigh = (int)(uint)((ulong)offset >> 32) };
}
