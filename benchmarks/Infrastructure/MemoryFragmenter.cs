using System.Diagnostics;
using System.Globalization;

namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>
/// Leaves the machine's free memory fragmented, as it is after builds: most free 2 MiB blocks broken by
/// a few pages still in use, so that a huge page must be found elsewhere, or compacted. Needs root (a
/// private tmpfs).
/// <para>
/// How: a private tmpfs mounted <c>huge=always</c>; chunk by chunk, <c>fallocate</c> takes free 2 MiB
/// blocks as huge pages, each is written once (so the memory is in use, as a build's was), and then
/// every 64 KiB but its first 4 KiB page is punched out, which splits the huge page and frees the rest.
/// Each 2 MiB block then holds 32 pages (1/16 of it) and its 496 free pages cannot merge back into a
/// free 2 MiB block. Held: 1/16 of what was fragmented; at any moment at most one chunk more.
/// </para>
/// <para>
/// Safety: it fragments at most what <c>MemAvailable</c> leaves after a reserve of
/// max(4 GiB, a fifth of the memory), and at most <paramref name="cap"/>; it stops early when
/// <c>MemAvailable</c> falls to the reserve, and a watchdog unmounts (frees everything) the moment
/// <c>MemAvailable</c> falls below 2 GiB while it holds. <see cref="Dispose"/> unmounts; a crashed run's
/// mount is removed by <see cref="PrivateTmpfs.Sweep"/>.
/// </para>
/// </summary>
internal sealed class MemoryFragmenter : IDisposable
{
    private const long Chunk = 256L << 20;
    private const long Keep = 4096;
    private const long Stride = 64L << 10;
    private const long Emergency = 2L << 30;

    private readonly object _gate = new();
    private PrivateTmpfs? _mount;
    private int _fd = -1;
    private readonly Timer? _watchdog;

    private MemoryFragmenter(PrivateTmpfs? mount, int fd, long fragmented, string report)
    {
        _mount = mount;
        _fd = fd;
        FragmentedBytes = fragmented;
        Report = report;
        if (mount is not null)
        {
            _watchdog = new Timer(_ => Watch(), null, 250, 250);
        }
    }

    /// <summary>Bytes of free memory this fragmenter broke up.</summary>
    public long FragmentedBytes { get; }

    /// <summary>What it did and the machine's state before and after, for the benchmark's output.</summary>
    public string Report { get; }

    /// <summary>Fragments up to <paramref name="cap"/> bytes of free memory (less when the machine has less to spare).</summary>
    public static MemoryFragmenter Fragment(long cap)
    {
        var before = MemoryState.Describe();
        var reserve = Math.Max(4L << 30, MemoryState.MemInfo("MemTotal") / 5);
        var budget = Math.Min(cap, MemoryState.MemInfo("MemAvailable") - reserve) / Chunk * Chunk;
        if (budget < Chunk)
        {
            return new MemoryFragmenter(null, -1, 0, $"not fragmented: MemAvailable leaves less than {Chunk >> 20} MiB above the reserve of {reserve >> 30} GiB; {before}");
        }
        var mount = PrivateTmpfs.Mount("always", budget);
        var path = Path.Combine(mount.Path, "fragments");
        var fd = Native.Posix.Open(path, Native.Posix.O_RDWR | Native.Posix.O_CREAT | Native.Posix.O_EXCL | Native.Posix.O_CLOEXEC, 0x180);
        if (fd < 0)
        {
            var failure = Native.Posix.Failure("open");
            mount.Dispose();
            throw failure;
        }
        var clock = Stopwatch.StartNew();
        long done = 0;
        try
        {
            for (; done < budget && MemoryState.MemInfo("MemAvailable") - Chunk > reserve; done += Chunk)
            {
                FragmentChunk(fd, done);
            }
        }
        catch
        {
            Native.Posix.Close(fd);
            mount.Dispose();
            throw;
        }
        var held = done / (Stride / Keep);
        return new MemoryFragmenter(mount, fd, done, string.Create(CultureInfo.InvariantCulture,
            $"fragmented {done >> 20} MiB in {clock.Elapsed.TotalSeconds:0.0} s, holding {held >> 20} MiB (one 4 KiB page of every 64 KiB); before: {before}; after: {MemoryState.Describe()}"));
    }

    /// <summary>Takes one chunk of free memory as huge pages, writes it, and punches all but one page of every 64 KiB out of it.</summary>
    private static unsafe void FragmentChunk(int fd, long offset)
    {
        if (Native.Posix.Fallocate(fd, 0, offset, Chunk) != 0)
        {
            throw Native.Posix.Failure("fallocate");
        }
        var address = Native.Posix.Mmap(0, (nuint)Chunk, Native.Posix.PROT_READ | Native.Posix.PROT_WRITE, Native.Posix.MAP_SHARED, fd, offset);
        if (address == -1)
        {
            throw Native.Posix.Failure("mmap");
        }
        for (long page = 0; page < Chunk; page += 4096)
        {
            ((byte*)address)[page] = 1;
        }
        Native.Posix.Munmap(address, (nuint)Chunk);
        for (var at = offset; at < offset + Chunk; at += Stride)
        {
            if (Native.Posix.Fallocate(fd, Native.Posix.FALLOC_FL_PUNCH_HOLE | Native.Posix.FALLOC_FL_KEEP_SIZE, at + Keep, Stride - Keep) != 0)
            {
                throw Native.Posix.Failure("fallocate (punch hole)");
            }
        }
    }

    /// <summary>Frees everything at once when the machine runs short of memory while this holds some.</summary>
    private void Watch()
    {
        if (MemoryState.MemInfo("MemAvailable") < Emergency)
        {
            Console.Error.WriteLine("// MemoryFragmenter: MemAvailable below 2 GiB, releasing the fragments now");
            Release();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_fd >= 0)
            {
                Native.Posix.Close(_fd);
                _fd = -1;
            }
            _mount?.Dispose();
            _mount = null;
        }
    }

    public void Dispose()
    {
        _watchdog?.Dispose();
        Release();
    }
}
