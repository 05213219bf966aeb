using System.Runtime.InteropServices;
using SharedTyped.Flight.Tests.Infrastructure;
using SharedTyped.Testing;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>Pull: a server process serves a directory, this process pulls into another, on 127.0.0.1.</summary>
public sealed class PullTests(SmallBatchHost host) : IClassFixture<SmallBatchHost>
{
    public static TheoryData<string> ServedKinds { get; } = new(ElementKind.All.Where(k => k.Code != DTypeCode.Struct).Select(k => k.Name));

    /// <summary>Ranks 0 to 4; the rank-2 and rank-4 shapes span several 64 KiB batches for the wider types.</summary>
    private static readonly long[][] Shapes = [[], [7], [300, 17], [2, 3, 4], [5, 1, 3, 400]];

    [Theory]
    [MemberData(nameof(ServedKinds))]
    public async Task Every_element_type_at_ranks_0_to_4_arrives_byte_identical(string kind) =>
        ElementKind.ByName(kind).Accept(new PullEveryRank(host));

    private sealed class PullEveryRank(ServedHost host) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            foreach (var shape in Shapes)
            {
                var name = UniqueNames.NewInPrivateDirectory($"{kind.Name}-r{shape.Length}");
                var count = shape.Aggregate(1L, (a, b) => a * b);
                using var remote = SharedArray.Create<T>(name, shape, kind.Values(count), host.Remote);
                using var local = SharedArrayFlight.PullAsync<T>(host.Server, name, new PullOptions { Create = host.Local }).GetAwaiter().GetResult();
                Assert.Equal(name, local.Name);
                Assert.Equal(shape, local.Shape.ToArray());
                Assert.Equal(-1, kind.FirstMismatch(local.AsSpan()));
                Assert.True(MemoryMarshal.AsBytes(remote.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(local.AsSpan())),
                    $"{kind.Name} {ShapeText.Format(shape)}: the pulled bytes differ");
                Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = host.LocalDirectory }));
                Assert.True(SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory }));
            }
            return true;
        }
    }

    [Fact]
    public async Task Empty_arrays_arrive_with_their_shape()
    {
        foreach (var shape in new long[][] { [0], [4, 0, 2], [0, 3] })
        {
            var name = UniqueNames.NewInPrivateDirectory("empty");
            using var remote = SharedArray.Create<double>(name, shape, host.Remote);
            using var local = await SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local, LocalName = name + "-copy" });
            Assert.Equal(shape, local.Shape.ToArray());
            Assert.Equal(0, local.Length);
            SharedArray.Delete(local.Name, new DeleteOptions { Directory = host.LocalDirectory });
            SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
        }
    }

    [Fact]
    public async Task A_pull_under_another_local_name_reports_progress_up_to_every_byte()
    {
        var name = UniqueNames.NewInPrivateDirectory("progress");
        using var remote = SharedArray.Create<float>(name, [256, 256], ElementKind.Float32.Values(256 * 256), host.Remote);
        var reports = new List<PullProgress>();
        using var local = await SharedArrayFlight.PullAsync<float>(host.Server, name,
            new PullOptions { Create = host.Local, LocalName = "renamed-" + name, Progress = reports.Add });
        Assert.Equal("renamed-" + name, local.Name);
        Assert.True(reports.Count >= 4, $"{reports.Count} progress reports for 256 KiB in 64 KiB batches");
        Assert.All(reports, r => Assert.Equal(256 * 256 * 4, r.TotalBytes));
        Assert.Equal(256 * 256 * 4, reports[^1].BytesReceived);
        Assert.Equal(reports.Select(r => r.BytesReceived).Order(), reports.Select(r => r.BytesReceived));
        SharedArray.Delete(local.Name, new DeleteOptions { Directory = host.LocalDirectory });
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task Every_pull_during_constant_publishing_is_one_whole_version()
    {
        var name = UniqueNames.NewInPrivateDirectory("consistent");
        using var remote = SharedArray.Create<long>(name, [64, 1024], host.Remote);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (long v = 1; !stop.IsCancellationRequested; v++)
            {
                using (remote.BeginWrite())
                {
                    // Row by row, so a copy that ignored the write scope would see two values.
                    for (var row = 0; row < 64; row++)
                    {
                        remote.Row(row).Fill(v);
                    }
                }
                Thread.Sleep(1);
            }
        });
        try
        {
            for (var i = 0; i < 15; i++)
            {
                using var local = await SharedArrayFlight.PullAsync<long>(host.Server, name, new PullOptions { Create = host.Local with { Force = true } });
                var first = local.AsSpan()[0];
                Assert.True(local.AsSpan().IndexOfAnyExcept(first) < 0, $"pull {i} mixes versions: {first} and others");
            }
        }
        finally
        {
            stop.Cancel();
            await writer;
            SharedArray.Delete(name, new DeleteOptions { Directory = host.LocalDirectory });
            SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
        }
    }

    [Fact]
    public async Task A_missing_array_is_not_found_and_leaves_nothing()
    {
        var name = UniqueNames.NewInPrivateDirectory("missing");
        var e = await Assert.ThrowsAsync<SharedArrayNotFoundException>(() =>
            SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local }));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("NotFound", e.Message);
        Assert.DoesNotContain(name, host.LocalEntries());
    }

    [Fact]
    public async Task Another_element_type_is_a_mismatch_naming_both()
    {
        var name = UniqueNames.NewInPrivateDirectory("typed");
        using var remote = SharedArray.Create<int>(name, [10, 3], host.Remote);
        var e = await Assert.ThrowsAsync<SharedArrayMismatchException>(() =>
            SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local }));
        Assert.Contains($"Shared array '{name}' (int32, shape (10, 3))", e.Message);
        Assert.Contains("expected double (float64)", e.Message);
        Assert.DoesNotContain(name, host.LocalEntries());
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task A_taken_local_name_is_refused_before_the_transfer_and_kept()
    {
        var name = UniqueNames.NewInPrivateDirectory("taken");
        using var remote = SharedArray.Create<double>(name, [4], [1, 2, 3, 4], host.Remote);
        using var existing = SharedArray.Create<double>(name, [2], [9, 9], host.Local);
        var e = await Assert.ThrowsAsync<SharedArrayExistsException>(() =>
            SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local }));
        Assert.Contains($"'{name}' already exists", e.Message);
        Assert.Equal([9.0, 9.0], SharedArray.AttachReadOnly<double>(name, host.AttachLocal).AsSpan().ToArray());

        using var replaced = await SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local with { Force = true } });
        Assert.Equal([1.0, 2, 3, 4], replaced.AsSpan().ToArray());
        SharedArray.Delete(name, new DeleteOptions { Directory = host.LocalDirectory });
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task Struct_arrays_do_not_travel()
    {
        var name = UniqueNames.NewInPrivateDirectory("struct");
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            SharedArrayFlight.PullAsync<TestPoint>(host.Server, name, new PullOptions { Create = host.Local }));
        Assert.Contains($"Shared array '{name}'", e.Message);
        Assert.Contains("not other structs", e.Message);

        using var remote = SharedArray.Create<TestPoint>(name, [3], host.Remote);
        var refused = await Assert.ThrowsAsync<SharedArrayFlightException>(() =>
            SharedArrayFlight.PullAsync<long>(host.Server, name, new PullOptions { Create = host.Local }));
        Assert.Contains("FailedPrecondition", refused.Message);
        Assert.Contains("struct", refused.Message);
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task A_pull_larger_than_max_bytes_is_refused_before_allocating()
    {
        var name = UniqueNames.NewInPrivateDirectory("limit");
        using var remote = SharedArray.Create<double>(name, [1000], host.Remote);
        var e = await Assert.ThrowsAsync<SharedArrayFlightException>(() =>
            SharedArrayFlight.PullAsync<double>(host.Server, name, new PullOptions { Create = host.Local, MaxBytes = 7999 }));
        Assert.Contains("8000 bytes, more than this pull accepts (7999", e.Message);
        Assert.DoesNotContain(name, host.LocalEntries());
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }

    [Fact]
    public async Task Tools_that_do_not_know_the_type_describe_list_pull_and_follow_by_the_servers_description()
    {
        var name = UniqueNames.NewInPrivateDirectory("untyped");
        using var remote = SharedArray.Create<short>(name, [40, 3], ElementKind.Int16.Values(120), host.Remote);

        var info = await SharedArrayFlight.DescribeAsync(host.Server, name);
        Assert.Equal(new RemoteArrayInfo(name, DTypeCode.Int16, info.Shape, 0, 240), info);
        Assert.Equal([40L, 3], info.Shape);
        Assert.Equal("int16", info.ElementType);
        var listed = Assert.Single(await SharedArrayFlight.ListAsync(host.Server), a => a.Name == name);
        Assert.Equal([40L, 3], listed.Shape);

        using (var pulled = await SharedArrayFlight.PullAsync(host.Server, name, new PullOptions { Create = host.Local }))
        {
            var typed = Assert.IsType<SharedArray<short>>(pulled);
            Assert.Equal(-1, ElementKind.Int16.FirstMismatch(typed.AsSpan()));
        }
        await using (var follower = await SharedArrayFlight.FollowAsync(host.Server, name,
            new FollowOptions { Create = host.Local, LocalName = name + "-replica" }))
        {
            Assert.Equal(0, follower.RemoteVersion);
            Assert.Equal([40L, 3], follower.Replica.Shape.ToArray());
        }
        SharedArray.Delete(name, new DeleteOptions { Directory = host.LocalDirectory });
        SharedArray.Delete(name + "-replica", new DeleteOptions { Directory = host.LocalDirectory });
        SharedArray.Delete(name, new DeleteOptions { Directory = host.RemoteDirectory });
    }
}
