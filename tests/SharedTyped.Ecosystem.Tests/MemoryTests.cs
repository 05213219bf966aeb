using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// <c>AsMemory()</c>: a segment goes where a <see cref="Memory{T}"/> goes (real async file I/O into it, checked by
/// another process), and the memory keeps the mapping alive; chunks and long-offset spans reach every element.
/// </summary>
public sealed class MemoryTests : IDisposable
{
    private readonly TempDirectory _shm = TempDirectory.InSharedMemory("memory-shm");
    private readonly TempDirectory _files = new("memory-files");

    public void Dispose()
    {
        _shm.Dispose();
        _files.Dispose();
    }

    private CreateOptions InShm => new() { Directory = _shm.Path };

    [Fact]
    public async Task A_file_read_asynchronously_into_AsMemory_is_what_another_process_sees()
    {
        var source = _files.File("source.bin");
        var bytes = new byte[3 << 20];
        new Random(11).NextBytes(bytes);
        await File.WriteAllBytesAsync(source, bytes);
        var name = Segments.NewName("memory-read");

        using (var array = SharedArray.Create<byte>(name, [bytes.Length], InShm))
        {
            await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            await file.ReadExactlyAsync(array.AsMemory());
        }

        // Another process attaches by name and writes the segment to a .npy file.
        var copy = _files.File("copy.npy");
        CliTool.Expect(0, "save", name, copy, "--dir", _shm.Path);
        Assert.Equal(bytes, File.ReadAllBytes(copy)[(int)NpyFile.ReadHeader(copy).DataOffset..]);
        SharedArray.Delete(name, new DeleteOptions { Directory = _shm.Path });
    }

    [Fact]
    public async Task Async_reads_in_memory_chunks_fill_every_element_and_read_only_chunks_write_them_back()
    {
        var bytes = new byte[10_007];
        new Random(5).NextBytes(bytes);
        var source = _files.File("chunks.bin");
        await File.WriteAllBytesAsync(source, bytes);
        var name = Segments.NewName("memory-chunks");
        using var array = SharedArray.Create<byte>(name, [bytes.Length], InShm with { Lifetime = SegmentLifetime.DeleteOnDispose });

        var chunks = array.AsMemoryChunks(1000).ToList();
        Assert.Equal(Enumerable.Repeat(1000, 10).Append(7), chunks.Select(c => c.Length));
        await using (var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        {
            foreach (var chunk in chunks)
            {
                await file.ReadExactlyAsync(chunk);
            }
        }
        Assert.Equal(bytes, array.AsSpan().ToArray());

        var back = _files.File("back.bin");
        using (var view = array.AsReadOnly())
        await using (var file = new FileStream(back, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
        {
            foreach (var chunk in view.AsMemoryChunks(4096))
            {
                await file.WriteAsync(chunk);
            }
        }
        Assert.Equal(bytes, File.ReadAllBytes(back));
    }

    [Fact]
    public void A_memory_keeps_the_mapping_after_the_array_is_disposed_and_lets_it_go_when_collected()
    {
        var name = Segments.NewName("memory-alive");
        using (var created = SharedArray.Create<long>(name, [1000], InShm))
        {
            created.AsSpan().Fill(42);
        }
        Assert.Equal(0, MappingsOfShm());

        var weak = HoldMemoryPastDispose(name);
        for (var i = 0; i < 3 && MappingsOfShm() > 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive);
        Assert.Equal(0, MappingsOfShm());
        SharedArray.Delete(name, new DeleteOptions { Directory = _shm.Path });
    }

    /// <summary>Not inlined, so that no local of it outlives the call in the caller's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe WeakReference HoldMemoryPastDispose(string name)
    {
        var array = SharedArray.Attach<long>(name, new AttachOptions { Directory = _shm.Path });
        var memory = array.AsMemory(10, 5);
        var pointer = array.DangerousGetPointer();
        array.Dispose();
        Assert.Throws<ObjectDisposedException>(() => array.AsMemory());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Still mapped: the memory counts as a user of the mapping.
        Assert.True(MappingsOfShm() > 0);
        Assert.Equal([42L, 42, 42, 42, 42], memory.ToArray());
        memory.Span[0] = 7;
        using (var pin = memory.Pin())
        {
            Assert.Equal((nint)(pointer + 10), (nint)pin.Pointer);
        }
        Assert.True(MemoryMarshal.TryGetMemoryManager<long, System.Buffers.MemoryManager<long>>(memory, out var manager));
        return new WeakReference(manager);
    }

    [Fact]
    public void Spans_at_long_offsets_and_chunks_cover_the_array_and_refuse_what_is_outside()
    {
        var name = Segments.NewName("memory-span");
        using var array = SharedArray.Create<short>(name, [6, 5], source: Enumerable.Range(0, 30).Select(i => (short)i).ToArray(),
            InShm with { Lifetime = SegmentLifetime.DeleteOnDispose });
        Assert.Equal([12, 13, 14], array.AsSpan(12L, 3).ToArray());
        Assert.Equal(0, array.AsSpan(30L, 0).Length);

        var seen = new List<short>();
        var lengths = new List<int>();
        foreach (var chunk in array.Chunks(7))
        {
            lengths.Add(chunk.Length);
            seen.AddRange(chunk.ToArray());
        }
        Assert.Equal([7, 7, 7, 7, 2], lengths);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (short)i), seen);
        Assert.Equal(5, array.Chunks(7).Count);
        Assert.Equal(1, array.Chunks().Count);
        using var view = array.AsReadOnly();
        var total = 0;
        foreach (var chunk in view.Chunks(4))
        {
            foreach (var x in chunk) total += x;
        }
        Assert.Equal(435, total);
        Assert.Equal([29], view.AsSpan(29L, 1).ToArray());

        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => array.AsSpan(28L, 3));
        Assert.Contains($"'{name}'", outside.Message);
        Assert.Contains("(6, 5)) has 30 elements; elements 28 to 31 (exclusive) are not all inside it.", outside.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.AsSpan(-1L, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => view.AsMemory(0, 31));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Chunks(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.AsMemoryChunks(-5));
    }

    private int MappingsOfShm() => File.ReadLines("/proc/self/maps").Count(line => line.Contains(_shm.Path, StringComparison.Ordinal));
}
