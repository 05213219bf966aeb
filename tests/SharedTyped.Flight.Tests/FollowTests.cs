using System.Runtime.InteropServices;
using SharedTyped.Flight.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Flight.Tests;

/// <summary>Follow: a replica kept current across processes by waits on the server, never by polling.</summary>
public sealed class FollowTests : IDisposable
{
    /// <summary>A bound for a follower that hangs; no assertion depends on how long anything takes.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");
    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");

    [Fact]
    public async Task Following_through_100_publishes_ends_at_the_servers_version_with_identical_bytes()
    {
        var name = UniqueNames.NewInPrivateDirectory("followed");
        using var loader = SharedArray.Create<double>(name, [50, 20], -1.0, new CreateOptions { Directory = _remote.Path });
        using var server = FlightPeer.Serve(_remote.Path);
        var last = new TaskCompletionSource<FollowUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        var updates = new List<FollowUpdate>();
        var torn = new List<string>();
        SharedArrayFollower<double>? follower = null;
        follower = await SharedArrayFlight.FollowAsync<double>(server.Address, name, new FollowOptions
        {
            Create = new CreateOptions { Directory = _local.Path },
            Updated = update =>
            {
                updates.Add(update);
                // The loader fills the array with its version: a replica holding two values is torn.
                var data = follower!.Replica.AsSpan();
                if (data.IndexOfAnyExcept(data[0]) >= 0 || data[0] != update.RemoteVersion)
                {
                    torn.Add($"remote version {update.RemoteVersion} holds {data[0]} and others");
                }
                if (update.RemoteVersion == 100)
                {
                    last.TrySetResult(update);
                }
            },
        });
        await using (follower)
        {
            Assert.Equal(0, follower.RemoteVersion);
            Assert.Equal(-1.0, follower.Replica[0, 0]);
            for (var v = 1; v <= 100; v++)
            {
                using (loader.BeginWrite())
                {
                    for (var row = 0; row < 50; row++)
                    {
                        loader.Row(row).Fill(v);
                    }
                }
                if (v % 10 == 0)
                {
                    Thread.Sleep(5);
                }
            }
            Assert.Equal(100, loader.Version);
            var final = await last.Task.WaitAsync(Bound);
            Assert.Equal(100, follower.RemoteVersion);
            Assert.True(MemoryMarshal.AsBytes(loader.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(follower.Replica.AsSpan())));
            Assert.Empty(torn);
            // One local write scope per version applied, each a new local version.
            Assert.Equal(updates.Select((_, i) => (long)i + 1), updates.Select(u => u.LocalVersion));
            Assert.Equal(final.LocalVersion, follower.Replica.Version);
            Assert.Equal(updates.Select(u => u.RemoteVersion).Order(), updates.Select(u => u.RemoteVersion));
        }
        Assert.Equal([name], _local.Entries());
    }

    [Fact]
    public async Task A_follower_outlives_a_server_killed_and_restarted_on_its_socket_and_says_so()
    {
        var name = UniqueNames.NewInPrivateDirectory("restarted");
        using var loader = SharedArray.Create<double>(name, [10], 0.0, new CreateOptions { Directory = _remote.Path });
        var server = FlightPeer.Serve(_remote.Path);
        var socket = server.Address.AbsolutePath;
        var interrupted = new TaskCompletionSource<FollowInterruption>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var follower = await SharedArrayFlight.FollowAsync<double>(server.Address, name, new FollowOptions
        {
            Create = new CreateOptions { Directory = _local.Path },
            WaitTimeout = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
            Interrupted = i => interrupted.TrySetResult(i),
            Updated = u =>
            {
                if (u.RemoteVersion == 2)
                {
                    reached.TrySetResult();
                }
            },
        });
        try
        {
            server.Kill();
            var interruption = await Until(interrupted.Task, follower.Completion);
            Assert.Equal(1, interruption.Attempt);
            Assert.Contains($"Following shared array '{name}' on Flight server {server.Address}", interruption.Error.Message);
            Assert.False(follower.Completion.IsCompleted);
            server.Dispose();

            // Published while no server runs, and once more after the restart: the follower ends at the newest.
            using (loader.BeginWrite())
            {
                loader.AsSpan().Fill(1);
            }
            server = FlightPeer.Serve(_remote.Path, socket: socket);
            using (loader.BeginWrite())
            {
                loader.AsSpan().Fill(2);
            }
            await Until(reached.Task, follower.Completion);
            Assert.Equal(2, follower.RemoteVersion);
            Assert.Equal(2.0, follower.Replica[9]);
            Assert.False(follower.Completion.IsCompleted);
        }
        finally
        {
            server.Dispose();
        }
    }

    [Fact]
    public async Task A_follower_follows_a_segment_replaced_under_the_name_on_the_server()
    {
        var name = UniqueNames.NewInPrivateDirectory("replaced");
        var remote = new CreateOptions { Directory = _remote.Path };
        var loader = SharedArray.Create<int>(name, [8], 5, remote);
        using var server = FlightPeer.Serve(_remote.Path);
        var (follower, replaced) = await FollowUntilNines(server, name, TimeSpan.FromSeconds(1));
        await using (follower)
        {
            // A producer restarted with Force: a new segment under the same name, then its next version.
            loader.Dispose();
            using var restarted = SharedArray.Create<int>(name, [8], 0, remote with { Force = true });
            using (restarted.BeginWrite())
            {
                restarted.AsSpan().Fill(9);
            }
            var update = await Until(replaced, follower.Completion);
            Assert.Equal(restarted.Version, update.RemoteVersion);
            Assert.Equal(Enumerable.Repeat(9, 8), follower.Replica.AsSpan().ToArray());
            Assert.False(follower.Completion.IsCompleted);
        }
    }

    [Fact]
    public async Task A_follower_notices_a_replacement_at_the_same_version()
    {
        var name = UniqueNames.NewInPrivateDirectory("same-version");
        var remote = new CreateOptions { Directory = _remote.Path };
        var loader = SharedArray.Create<int>(name, [8], 5, remote);
        using var server = FlightPeer.Serve(_remote.Path);
        var (follower, replaced) = await FollowUntilNines(server, name, TimeSpan.FromSeconds(2));
        await using (follower)
        {
            // Replaced before the follower's first wait reaches the server, most likely: a new segment at the
            // very version the follower holds (0), never published to. Only its identity tells it apart.
            loader.Dispose();
            using var restarted = SharedArray.Create<int>(name, [8], 9, remote with { Force = true });
            Assert.Equal(0, restarted.Version);
            // A few of the follower's wait timeouts: a follower that compares versions alone never gets there.
            var update = await Until(replaced, follower.Completion).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, update.RemoteVersion);
            Assert.Equal(0, follower.RemoteVersion);
            Assert.Equal(Enumerable.Repeat(9, 8), follower.Replica.AsSpan().ToArray());
            Assert.Equal(1, follower.Replica.Version);
            Assert.False(follower.Completion.IsCompleted);
        }
    }

    [Fact]
    public async Task A_segment_without_versions_pulls_but_cannot_be_followed()
    {
        // As numpy and cdxcore make one: the runtime's header and data, cut where the data ends, so no sync block.
        var name = UniqueNames.NewInPrivateDirectory("numpy-made");
        var remote = new CreateOptions { Directory = _remote.Path };
        SharedArray.Create<double>(name, [4], [1.0, 2, 3, 4], remote).Dispose();
        var info = SharedMemory.Inspect(name, new InspectOptions { Directory = _remote.Path });
        using (var segment = new FileStream(Path.Combine(_remote.Path, name), FileMode.Open, FileAccess.Write))
        {
            segment.SetLength(info.DataOffset + 4 * sizeof(double));
        }
        using var server = FlightPeer.Serve(_remote.Path);

        using (var pulled = await SharedArrayFlight.PullAsync<double>(server.Address, name, new PullOptions { Create = new CreateOptions { Directory = _local.Path } }))
        {
            Assert.Equal([1.0, 2, 3, 4], pulled.AsSpan().ToArray());
        }
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => SharedArrayFlight.FollowAsync<double>(server.Address, name,
            new FollowOptions { Create = new CreateOptions { Directory = _local.Path }, LocalName = "replica-" + name }));
        Assert.Contains($"Shared array '{name}' (float64, shape (4,)) on Flight server {server.Address} has no versions", e.Message);
        Assert.Equal([name], _local.Entries());
    }

    /// <summary><paramref name="awaited"/>'s result; a follower that stopped first fails the test with its error.</summary>
    /// <summary>A follower of <paramref name="name"/> into the local directory, and the first update after which its replica holds 9s.</summary>
    private async Task<(SharedArrayFollower<int> Follower, Task<FollowUpdate> Nines)> FollowUntilNines(FlightPeer server, string name, TimeSpan waitTimeout)
    {
        var nines = new TaskCompletionSource<FollowUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        SharedArrayFollower<int>? follower = null;
        follower = await SharedArrayFlight.FollowAsync<int>(server.Address, name, new FollowOptions
        {
            Create = new CreateOptions { Directory = _local.Path },
            WaitTimeout = waitTimeout,
            Updated = u =>
            {
                if (follower!.Replica[0] == 9)
                {
                    nines.TrySetResult(u);
                }
            },
        });
        return (follower, nines.Task);
    }

    private static async Task<TResult> Until<TResult>(Task<TResult> awaited, Task completion)
    {
        await Task.WhenAny(awaited, completion).WaitAsync(Bound);
        if (!awaited.IsCompleted)
        {
            await completion;
            Assert.Fail("The follower stopped without an error.");
        }
        return await awaited;
    }

    private static Task<bool> Until(Task awaited, Task completion) => Until(awaited.ContinueWith(_ => true, TaskScheduler.Default), completion);

    public void Dispose()
    {
        _remote.Dispose();
        _local.Dispose();
    }
}
