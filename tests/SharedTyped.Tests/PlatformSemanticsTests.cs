using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// Members whose meaning depends on the platform, each asserted where it runs: the namespace a name lives
/// in, the default permissions, another user's segment, and the .npy entry point
/// (docs/guarantees.md, "Windows").
/// </summary>
public sealed class PlatformSemanticsTests : SegmentTest
{
    [Fact]
    public void A_plain_name_and_its_Local_name_are_one_segment_on_Windows_and_a_backslash_is_refused_elsewhere()
    {
        var name = NewName();
        var local = $"Local\\{name}";
        if (!OperatingSystem.IsWindows())
        {
            var e = Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(local, [1]));
            Assert.Contains("it contains '\\'", e.Message, StringComparison.Ordinal);
            return;
        }
        using var plain = SharedArray.Create<int>(name, [3], 7);
        Assert.True(SharedArray.Exists(local));
        using var same = SharedArray.Attach<int>(local, [3]);
        same[2] = 9;
        Assert.Equal(9, plain[2]);
        var taken = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create<int>(local, [3]));
        Assert.Contains($"('{local}')", taken.Message, StringComparison.Ordinal);
        Assert.Equal(local, SharedMemory.Locate(name));
    }

    [Fact]
    public void The_default_permissions_are_the_owner_s_alone()
    {
        var name = NewName();
        using var array = SharedArray.Create<int>(name, [1]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(0x180, SharedMemory.Inspect(name).Mode);
            return;
        }
        // A security descriptor owned by this user, protected from inheritance, granting this user alone.
        var user = System.Security.Principal.WindowsIdentity.GetCurrent().User!.Value;
        var sddl = WindowsMappings.SecurityDescriptorOf(name);
        Assert.StartsWith($"O:{user}D:P", sddl, StringComparison.Ordinal);
        Assert.DoesNotContain(";;;WD)", sddl, StringComparison.Ordinal);
        Assert.Equal(1, sddl.Split('(').Length - 1);
    }

    [Fact]
    public void NpyFile_Load_reads_a_saved_npy_into_a_new_segment()
    {
        var source = NewName();
        var file = NewFile(".npy");
        using (var array = SharedArray.Create<double>(source, [2, 3], 1.5))
        {
            array[1, 2] = -4.0;
            array.SaveNpy(file);
        }
        var name = NewName();
        var (loaded, attached) = NpyFile.Load<double>(file, name, [2, 3]);
        using (loaded)
        {
            Assert.False(attached);
            Assert.Equal([1.5, 1.5, 1.5, 1.5, 1.5, -4.0], loaded.AsSpan().ToArray());
            using var seen = SharedArray.AttachReadOnly<double>(name, [2, 3]);
            Assert.Equal(-4.0, seen[1, 2]);
        }
        // Persistent by default; on Windows that is "while a process holds it".
        Assert.Equal(Segments.PersistentOutlivesHandles, SharedArray.Exists(name));
        var mismatch = Assert.Throws<SharedArrayMismatchException>(() => NpyFile.Load<int>(file, NewName()));
        Assert.Contains("float64", mismatch.Message, StringComparison.Ordinal);
    }
}
