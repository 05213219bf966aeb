namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// numpy's <c>.npz</c>: one member of an archive numpy wrote (np.savez stores, np.savez_compressed deflates) loads into
/// a segment, from the library and from <c>sharedtyped load FILE.npz:MEMBER NAME</c>; an archive given where one array
/// is meant is refused with the names of its members.
/// </summary>
public sealed class NpzTests : IDisposable
{
    private readonly TempDirectory _files = new("npz");
    private readonly List<string> _names = [];

    public void Dispose()
    {
        Segments.Remove([.. _names]);
        _files.Dispose();
    }

    private string NewName(string tag)
    {
        var name = Segments.NewName(tag);
        _names.Add(name);
        return name;
    }

    /// <summary>An archive with a float64 matrix 'prices' and an int32 vector 'ids', written by numpy.</summary>
    private string Write(string function)
    {
        var path = _files.File($"{function}.npz");
        Numpy.Run($"np.{function}('{path}', prices=(np.arange(12) * 0.5).reshape(3, 4), ids=np.arange(100000, dtype=np.int32) * 3)");
        return path;
    }

    [Theory]
    [InlineData("savez")]
    [InlineData("savez_compressed")]
    public void A_member_of_a_stored_or_deflated_archive_loads_into_a_segment(string function)
    {
        var path = Write(function);
        Assert.Equal(["prices", "ids"], NpyFile.Members(path));

        var prices = NewName($"npz-prices-{function}");
        using (var loaded = NpyFile.LoadMember<double>(path, "prices", prices, new LoadOptions { AcceptExisting = false }).Array)
        {
            Assert.Equal([3L, 4L], loaded.Shape.ToArray());
            Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 0.5), loaded.AsSpan().ToArray());
        }
        var ids = NewName($"npz-ids-{function}");
        var reports = new List<long>();
        using (var loaded = NpyFile.LoadMember<int>(path, "ids.npy", ids, new LoadOptions { Progress = new Reports(reports) }).Array)
        {
            Assert.Equal(Enumerable.Range(0, 100_000).Select(i => i * 3), loaded.AsSpan().ToArray());
        }
        Assert.Equal(400_000, reports[^1]);
        static (string, string, long, long) Facts(NpyHeader h) => (h.Descr, string.Join(",", h.Shape), h.Length, h.DataOffset);
        Assert.Equal(Facts(NpyFile.ReadHeader(WriteNpy("ids", "np.arange(100000, dtype=np.int32) * 3"))), Facts(NpyFile.ReadMemberHeader(path, "ids")));

        // numpy reads what was loaded, from the segment itself.
        Assert.Equal("True", Numpy.Run($"""
            from multiprocessing import shared_memory, resource_tracker
            shm = shared_memory.SharedMemory(name='{ids}')
            resource_tracker.unregister(shm._name, 'shared_memory')
            a = np.ndarray((100000,), dtype=np.int32, buffer=shm.buf, offset=64)
            print(bool((a == np.load('{path}')['ids']).all()))
            del a
            shm.close()
            """).Trim());
    }

    [Fact]
    public void An_archive_where_one_array_is_meant_is_refused_with_its_members()
    {
        var path = Write("savez_compressed");
        var name = Segments.NewName("npz-whole");
        var e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.Load<double>(path, name));
        Assert.Equal($"File '{path}' (for shared array '{name}') is a .npz archive holding 2 arrays: 'prices', 'ids'; name the one to load: " +
            $"NpyFile.LoadMember(path, \"prices\", name), or on the command line {path}:prices.", e.Message);
        e = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Load<double>(path, name));
        Assert.Contains("is a .npz archive holding 2 arrays: 'prices', 'ids'", e.Message);
        Assert.Contains("is a .npz archive holding 2 arrays", Assert.Throws<SharedArrayFormatException>(() => NpyFile.ReadHeader(path)).Message);

        var missing = Assert.Throws<FileNotFoundException>(() => NpyFile.LoadMember<double>(path, "volumes", name));
        Assert.Equal($"Cannot load shared array '{name}': archive '{path}' has no member 'volumes'; it holds 2 arrays: 'prices', 'ids'.", missing.Message);
        var mismatch = Assert.Throws<SharedArrayMismatchException>(() => NpyFile.LoadMember<float>(path, "prices", name));
        Assert.StartsWith($"Member 'prices' of '{path}' (for shared array '{name}') holds '<f8' (float64) with shape (3, 4); expected", mismatch.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void The_cli_loads_FILE_npz_colon_MEMBER_and_names_the_members_when_none_is_given()
    {
        var path = Write("savez");
        var name = NewName("npz-cli");
        Assert.Equal($"loaded {path}:prices (npz, float64, shape (3, 4), 96 bytes) into {name}\n", CliTool.Expect(0, "load", $"{path}:prices", name).Output);
        using (var array = SharedArray.AttachReadOnly<double>(name, [3, 4]))
        {
            Assert.Equal(5.5, array[2, 3]);
        }

        var other = Segments.NewName("npz-cli-none");
        Assert.Equal($"sharedtyped: File '{path}' is a .npz archive holding 2 arrays: 'prices', 'ids'; name the one to load: " +
            $"NpyFile.LoadMember(path, \"prices\", name), or on the command line {path}:prices.\n", CliTool.Expect(3, "load", path, other).Error);
        Assert.Equal($"sharedtyped: Cannot read '{path}': archive '{path}' has no member 'nope'; it holds 2 arrays: 'prices', 'ids'.\n",
            CliTool.Expect(2, "load", $"{path}:nope", other).Error);
        Assert.False(SharedArray.Exists(other));
    }

    private string WriteNpy(string tag, string expression)
    {
        var path = _files.File($"{tag}.npy");
        Numpy.Run($"np.save('{path}', {expression})");
        return path;
    }

    private sealed class Reports(List<long> seen) : IProgress<long>
    {
        public void Report(long value) => seen.Add(value);
    }
}
