using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>The rename that refuses to replace, behind the one file writer (src/Runtime/Format/DataFile.cs).</summary>
internal static partial class Libc
{
    /// <summary><c>renameat2</c> flag: fail with <c>EEXIST</c> instead of replacing the target.</summary>
    public const uint RENAME_NOREPLACE = 1;

    /// <summary>glibc 2.28 and later; a file system without the flag answers <c>EINVAL</c>.</summary>
    [LibraryImport(Library, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
