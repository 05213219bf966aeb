namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Issue item "atomic publish": an attacher racing a creator sees "not found" or a whole array, never
/// a zero-length segment or a partial header. The segment is built as an unnamed O_TMPFILE inode,
/// reserved, filled and only then linked under its name.
/// </summary>
public sealed class AtomicPublishTests
{
    private const int Elements = 4096;

    [Fact]
    public void AnAttacherRacingCreateAndDeleteSeesNothingOrAWholeArray()
    {
        var name = Shm.NewName("publish");
        using var cleanup = new Cleanup(name);
        using var peer = PeerProcess.Start("churn", name, "4000");
        peer.Expect("ready");

        var outcome = AttachUntilExit(peer, name);

        peer.Expect("done 4000");
        Assert.Equal(0, peer.WaitForExit());
        Assert.True(outcome.Failures.Count == 0,
            $"{outcome.Failures.Count} of {outcome.Attempts} attaches saw a partial segment, e.g.: {string.Join(" | ", outcome.Failures.Take(5))}");
        // Both outcomes must have happened, or the race was not run.
        Assert.True(outcome.Whole > 0, $"no attach found the array in {outcome.Attempts} attempts");
        Assert.True(outcome.NotFound > 0, $"no attach missed the array in {outcome.Attempts} attempts");
        Console.WriteLine($"atomic publish: {outcome.Attempts} attaches, {outcome.Whole} whole, {outcome.NotFound} not found, 0 partial");
    }

    /// <summary>
    /// The control: a peer that publishes the way shm_open + ftruncate libraries do (name first, size
    /// and header after) is caught by the same loop, so the test above would fail without the mechanism.
    /// The attacher still only ever gets a <see cref="SharedArrayFormatException"/>, never a crash.
    /// </summary>
    [Fact]
    public void TheSameLoopCatchesAPublisherThatNamesFirstAndWritesLater()
    {
        var name = Shm.NewName("naive");
        using var cleanup = new Cleanup(name);
        using var peer = PeerProcess.Start("naive-churn", name, "300");
        peer.Expect("ready");

        var outcome = AttachUntilExit(peer, name);

        peer.Expect("done 300");
        Assert.Equal(0, peer.WaitForExit());
        Assert.NotEmpty(outcome.Failures);
        Assert.All(outcome.Failures, f => Assert.True(
            f.StartsWith(nameof(SharedArrayFormatException), StringComparison.Ordinal) || f.StartsWith("torn", StringComparison.Ordinal), f));
        Assert.Contains(outcome.Failures, f => f.Contains("shorter than the 8-byte header prefix", StringComparison.Ordinal));
    }

    private sealed record Outcome(int Attempts, int Whole, int NotFound, List<string> Failures);

    private static Outcome AttachUntilExit(PeerProcess peer, string name)
    {
        int attempts = 0, whole = 0, notFound = 0;
        var failures = new List<string>();
        while (!peer.HasExited)
        {
            attempts++;
            try
            {
                if (!SharedArray.TryAttachReadOnly<long>(name, [Elements], out var array))
                {
                    notFound++;
                    continue;
                }
                using (array)
                {
                    // Each round fills with its own non-zero number before publishing: a whole array
                    // holds one value everywhere.
                    var data = array.AsSpan();
                    if (data[0] >= 1 && !data.ContainsAnyExcept(data[0]))
                    {
                        whole++;
                    }
                    else
                    {
                        failures.Add($"torn data: first {data[0]}, last {data[^1]}");
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{e.GetType().Name}: {e.Message}");
            }
        }
        return new Outcome(attempts, whole, notFound, failures);
    }
}
