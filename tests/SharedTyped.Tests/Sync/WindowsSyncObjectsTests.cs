using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// What coordination leaves behind on Windows (src/Runtime/Platform/Windows): a segment's wait
/// objects and lock file exist while it is used and are gone when its last user lets go, at Dispose,
/// without a garbage collection (docs/guarantees.md, "Windows").
/// </summary>
public sealed class WindowsSyncObjectsTests : SyncTest
{
    private const string WindowsOnly = "Windows only: named kernel objects and lock files of the Windows port";

    [Fact]
    public void A_segments_wait_mapping_exists_while_it_is_used_and_goes_with_its_last_array()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Skip(WindowsOnly);
            return;
        }
        string name;
        using (var array = NewArray(out name))
        {
            array.Publish();
            Assert.True(WaitMappingExists(name));
        }
        Assert.False(WaitMappingExists(name));
    }

    [Fact]
    public unsafe void A_segments_lock_file_exists_while_a_lock_is_open_and_goes_when_the_segment_is_unmapped()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Skip(WindowsOnly);
            return;
        }
        string path;
        using (var array = NewArray(out var name))
        {
            using (var native = SharedMemoryPlatform.Current.Open(name, new SegmentOpenRequest(null, Writable: false, AllowForeignOwner: false, LastProcessOut: false))!)
            {
                path = WindowsLockFiles.PathOf(((WindowsSegment)native).View!);
            }
            using (array.AcquireExclusive(TimeSpan.FromSeconds(30)))
            {
                Assert.True(File.Exists(path));
            }
            using (array.BeginWrite(TimeSpan.FromSeconds(30)))
            {
                Assert.True(File.Exists(path));
            }
        }
        Assert.False(File.Exists(path));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static bool WaitMappingExists(string name)
    {
        var mapping = Kernel32.OpenFileMapping(Kernel32.FileMapRead, false, WindowsNames.Qualified(name) + "/wait");
        if (mapping == 0)
        {
            return false;
        }
        Kernel32.CloseHandle(mapping);
        return true;
    }
}
