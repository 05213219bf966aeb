using System.Diagnostics;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests.Sync;

/// <summary>
/// <c>AttachWhenCreated</c>: a consumer that starts before its producer sleeps on the shared-memory
/// directory until a whole segment is published under the name (src/Runtime/SharedArray.AttachWhenCreated.cs).
/// </summary>
public sealed class AttachWhenCreatedTests : SyncTest
{
    [SyncFact]
    public void A_consumer_started_before_the_producer_attaches_once_the_producer_in_another_process_creates_the_array()
    {
        var name = NewName();
        using var consumer = Child.DotNet("attach-when-created", name, "60000");
        consumer.Expect("waiting");
        // Asleep on the directory by now, most likely; either way it must attach.
        Assert.False(consumer.PrintsWithin(TimeSpan.FromMilliseconds(300), out var early), $"The consumer printed '{early}' before the array existed.");
        using var array = SharedArray.Create<long>(name, [4], Stamp(0));
        Assert.Equal($"0 {Stamp(0)}", consumer.Expect("attached"));
        Assert.Equal(0, consumer.WaitForExit());
    }

    [LinuxFact("builds a segment by hand in /dev/shm, under a dot name and in place")]
    public void A_segment_still_hidden_or_half_written_under_the_name_is_never_attached()
    {
        var name = NewName();
        var model = NewName("model");
        using (SharedArray.Create<long>(model, [4], Stamp(5)))
        {
        }
        var whole = Segments.ReadBytes(model);
        var hidden = Path.Combine(Segments.Directory, $".sharedtyped-test-{UniqueNames.New()}");
        try
        {
            using var consumer = Child.DotNet("attach-when-created", name, "60000");
            consumer.Expect("waiting");
            // Built under a dot name, as SharedTyped builds when it cannot build unnamed: not the name.
            File.WriteAllBytes(hidden, whole);
            // A producer that builds in place has written only part of the header so far.
            File.WriteAllBytes(Segments.PathOf(name), whole[..20]);
            Assert.False(consumer.PrintsWithin(TimeSpan.FromMilliseconds(800), out var early), $"The consumer printed '{early}' while the segment was not whole.");
            // Published whole, as SharedTyped's Force does: renamed over the name.
            File.Move(hidden, Segments.PathOf(name), overwrite: true);
            Assert.Equal($"0 {Stamp(5)}", consumer.Expect("attached"));
            Assert.Equal(0, consumer.WaitForExit());
        }
        finally
        {
            File.Delete(hidden);
        }
    }

    [SyncFact]
    public void AttachWhenCreated_times_out_with_a_TimeoutException_naming_the_array_and_the_element_type()
    {
        var name = NewName();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<TimeoutException>(() => SharedArray.AttachWhenCreated<double>(name, [3, -1], TimeSpan.FromMilliseconds(200)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), $"It gave up after {clock.Elapsed}.");
        Assert.Equal($"Shared array '{name}' (double, shape (3, -1)) was not created within 00:00:00.2000000 (waited on '{Segments.PathOf(name)}').", e.Message);
        Assert.False(Segments.FileExists(name));
    }

    [SyncFact]
    public void AttachWhenCreated_attaches_an_existing_array_at_once_and_reports_a_mismatch_instead_of_waiting()
    {
        using var array = NewArray(out var name, length: 3);
        using (var attached = SharedArray.AttachWhenCreated<long>(name, TimeSpan.Zero))
        {
            Assert.Equal(Stamp(0), attached[2]);
        }
        using (var readOnly = SharedArray.AttachReadOnlyWhenCreated<long>(name, [3], TimeSpan.Zero))
        {
            Assert.Equal(Stamp(0), readOnly[1]);
        }
        Assert.Throws<SharedArrayMismatchException>(() => SharedArray.AttachWhenCreated<double>(name, Timeout.InfiniteTimeSpan));
        Assert.Throws<SharedArrayMismatchException>(() => SharedArray.AttachWhenCreated<long>(name, [4], TimeSpan.FromSeconds(30)));
    }
}
