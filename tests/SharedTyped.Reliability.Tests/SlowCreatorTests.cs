namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Racing creators": <c>CreateOrAttach</c> against a creator in another process that
/// has not published its segment yet (the peer stops inside the runtime's creation path). On Windows the
/// mapping is named before it is whole: the call waits for the publication and attaches, or, when the
/// creator never publishes, gives up after <see cref="CreateOptions.PublicationTimeout"/> naming the array.
/// On Linux the segment is named only once whole: the call creates the name itself and the slow creator
/// finds it taken.
/// </summary>
public sealed class SlowCreatorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CreateOrAttach_waits_for_a_creator_still_writing_and_attaches_its_segment()
    {
        var name = Segments.NewName("slow-create");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("create-slowly", name, "4");
        creator.Expect("building");

        var call = Task.Run(() =>
        {
            // The default PublicationTimeout (30 s) is ample: the creator publishes as soon as the test has seen the call wait.
            using var array = SharedArray.CreateOrAttach<long>(name, [4], out var created);
            return (Created: created, Values: array.AsSpan().ToArray());
        });
        if (OperatingSystem.IsWindows())
        {
            // Named, not published: the call waits (it neither attaches nor gives up) until the creator goes on;
            // a few seconds, so that a caller that keeps retrying instead (as the runtime once did, 100 times) has given up.
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken));
            Assert.False(call.IsCompleted, call.IsFaulted ? call.Exception!.ToString() : "CreateOrAttach returned before the creator published");
            creator.Send("publish");
            Assert.Equal("created", creator.ReadLine());
            var (created, values) = await call.WaitAsync(Bound, TestContext.Current.CancellationToken);
            Assert.False(created);
            Assert.Equal([7, 14, 21, 28], values);
        }
        else
        {
            // The slow creator's segment has no name yet: this call creates one, and the creator then finds it taken.
            var (created, values) = await call.WaitAsync(Bound, TestContext.Current.CancellationToken);
            Assert.True(created);
            Assert.Equal(new long[4], values);
            creator.Send("publish");
            Assert.StartsWith($"exists Shared array '{name}' already exists", creator.ReadLine(), StringComparison.Ordinal);
        }
        creator.Send("end");
        Assert.Equal(0, creator.WaitForExit());
    }

    [Fact]
    public void CreateOrAttach_gives_up_on_a_creator_that_never_publishes_and_names_the_array()
    {
        var name = Segments.NewName("never-published");
        using var cleanup = new Cleanup(name);
        using var creator = PeerProcess.Start("create-slowly", name, "4");
        creator.Expect("building");
        try
        {
            var options = new CreateOptions { PublicationTimeout = TimeSpan.FromSeconds(1) };
            if (OperatingSystem.IsWindows())
            {
                var e = Assert.Throws<TimeoutException>(() => SharedArray.CreateOrAttach<long>(name, [4], out _, options));
                Assert.Equal(
                    $"Shared array '{name}' (long, shape (4,)): another process was still creating the segment under the name after 00:00:01 " +
                    $"('Local\\{name}' is named but its header is not complete); CreateOrAttach waits that long for its publication (CreateOptions.PublicationTimeout).",
                    e.Message);
            }
            else
            {
                using var array = SharedArray.CreateOrAttach<long>(name, [4], out var created, options);
                Assert.True(created);
            }
        }
        finally
        {
            creator.Send("publish");
            creator.ReadLine();
            creator.Send("end");
        }
        Assert.Equal(0, creator.WaitForExit());
    }
}
