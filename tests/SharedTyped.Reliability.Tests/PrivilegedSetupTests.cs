using Xunit.Sdk;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// The tests that need root (a small tmpfs, a segment of another owner) must never pass without
/// having checked anything: as root, a mount or a chown that fails is a failure, with or without CI.
/// </summary>
public sealed class PrivilegedSetupTests
{
    [RootFact("mount a tmpfs")]
    public void A_mount_that_fails_as_root_fails_the_test()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), Segments.RunPrefix + "*").Length;
        var e = Assert.Throws<FailException>(() => SmallTmpfs.Mount("not-a-size"));
        Assert.StartsWith("Cannot mount a not-a-size tmpfs at ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("the guarantee cannot be checked, so this is a failure, not a skip.", e.Message, StringComparison.Ordinal);
        // The mount point it made is gone again.
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), Segments.RunPrefix + "*").Length);
    }

    [RootFact("chown to another user")]
    public void A_chown_that_fails_as_root_fails_the_test()
    {
        var missing = Path.Combine(Segments.Directory, Segments.NewName("no-such-segment"));
        var e = Assert.Throws<FailException>(() => Native.ChownOrFail(missing, 65534, 65534));
        Assert.StartsWith($"chown '{missing}' to 65534:65534 failed as root: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("(errno 2)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Outside CI a non-root run skips, visibly; as root, or under CI=true, nothing is skipped.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Only_a_non_root_run_outside_CI_skips()
    {
        var skip = new RootFactAttribute("anything").Skip;
        if (Native.IsRoot || Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Null(skip);
        }
        else
        {
            Assert.Equal("needs root (anything); run the suite as root, as CI does, to check this guarantee", skip);
        }
    }
}
