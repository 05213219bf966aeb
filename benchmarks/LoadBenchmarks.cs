using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SharedTyped.Benchmarks.Infrastructure;
using SharedTyped.Benchmarks.Native;

namespace SharedTyped.Benchmarks;

/// <summary>
/// Reading a 1 GiB <c>to_file</c> file that is in the page cache into a new segment, against <c>cp</c>
/// of the same file into the shared-memory directory and against a plain read-into-the-mapping loop.
/// </summary>
[Config(typeof(GigabyteConfig))]
[CategoriesColumn]
public unsafe class LoadBenchmarks
{
    private const string Category = "Load 1 GiB";

    private string _file = "";
    private readonly List<string> _made = [];

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Scratch.FileDirectory, Scratch.UniqueName("load-source") + ".bin");
        Gigabyte.WriteFile(_file);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        RemoveMade();
        Scratch.Remove(_file);
    }

    [IterationCleanup]
    public void RemoveMade()
    {
        foreach (var path in _made)
        {
            Scratch.Remove(path);
        }
        _made.Clear();
    }

    [Benchmark(Baseline = true, Description = "cp file /dev/shm/x")]
    [BenchmarkCategory(Category)]
    public void Cp()
    {
        var target = Made(Scratch.UniqueName("load-cp"));
        using var cp = Process.Start("cp", [_file, target]);
        cp.WaitForExit();
        if (cp.ExitCode != 0)
        {
            throw new IOException($"cp '{_file}' '{target}' exited with {cp.ExitCode}.");
        }
    }

    /// <summary>What a straightforward loader does: size the segment, map it, read the file into the mapping.</summary>
    [Benchmark(Description = "open+ftruncate+mmap+pread loop")]
    [BenchmarkCategory(Category)]
    public void ReadIntoMapping()
    {
        const int dataOffset = SharedArray.Alignment;
        const int chunk = 8 << 20;
        var header = Gigabyte.FileHeader();
        var size = dataOffset + Gigabyte.DataBytes;
        var target = Made(Scratch.UniqueName("load-read"));
        var source = Posix.Open(_file, Posix.O_RDONLY | Posix.O_CLOEXEC, 0);
        var fd = Posix.Open(target, Posix.O_RDWR | Posix.O_CREAT | Posix.O_EXCL | Posix.O_CLOEXEC, 0x180);
        try
        {
            if (source < 0 || fd < 0)
            {
                throw Posix.Failure("open");
            }
            if (Posix.FTruncate(fd, size) != 0)
            {
                throw Posix.Failure("ftruncate");
            }
            var address = Posix.Mmap(0, (nuint)size, Posix.PROT_READ | Posix.PROT_WRITE, Posix.MAP_SHARED, fd, 0);
            if (address == -1)
            {
                throw Posix.Failure("mmap");
            }
            var data = (byte*)address;
            header.CopyTo(new Span<byte>(data, header.Length));
            for (long done = 0; done < Gigabyte.DataBytes;)
            {
                var read = Posix.PRead(source, data + dataOffset + done, (nuint)Math.Min(chunk, Gigabyte.DataBytes - done), header.Length + done);
                if (read <= 0)
                {
                    throw Posix.Failure("pread");
                }
                done += read;
            }
            Posix.Munmap(address, (nuint)size);
        }
        finally
        {
            Posix.Close(fd);
            Posix.Close(source);
        }
    }

    [Benchmark(Description = "SharedArray.Load")]
    [BenchmarkCategory(Category)]
    public void Load()
    {
        var name = Scratch.UniqueName("load");
        Made(name);
        SharedArray.Load<double>(_file, name).Array.Dispose();
    }

    private string Made(string name)
    {
        var path = Scratch.ShmPath(name);
        _made.Add(path);
        return path;
    }
}
