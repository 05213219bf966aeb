using System.Buffers.Binary;
using SharedTyped.Testing;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "`Load` is all or nothing": a file is read into a hidden segment that is published only
/// when complete, so a truncated or corrupt file, or an I/O error half way, leaves no segment under
/// the name, and a segment already under the name is never touched.
/// </summary>
public sealed class LoadAllOrNothingTests
{
    /// <summary>Larger than the runtime's 8 MiB copy step, so that the copy stops half way.</summary>
    private const int BigElements = 3 << 19;

    private static readonly Dictionary<string, string> ExpectedReason = new()
    {
        ["truncated-data"] = "the file is 4016 bytes but shape (1000,) of int64 needs 8016",
        ["empty-file"] = "the file is 0 bytes, shorter than the 8-byte header prefix",
        ["shorter-than-prefix"] = "the file is 5 bytes",
        ["lying-header-length"] = "the header length is 24 but rank 1 needs 16",
        ["unknown-code"] = "unknown dtype code 99",
        ["overflowing-dimensions"] = "overflows a 64-bit size",
        ["rank-beyond-64"] = "the header claims rank 65537",
        ["fifo"] = "is not a regular file",
        ["proc-file"] = "the file is 0 bytes",
        ["shrinks-half-way"] = "is truncated: the file ended",
    };

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var failure in new[]
                 {
                     "truncated-data", "empty-file", "shorter-than-prefix", "lying-header-length", "unknown-code",
                     "overflowing-dimensions", "rank-beyond-64", "fifo", "proc-file", "shrinks-half-way", "io-error-half-way",
                 })
        {
            data.Add(failure, false);
            data.Add(failure, true);
        }
        return data;
    }

    [LinuxTheory("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    [MemberData(nameof(Cases))]
    public void A_failed_load_leaves_no_segment_and_never_touches_an_existing_one(string failure, bool nameTaken)
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("load");
        var name = cleanup.Name("load", directory);
        var file = UniqueNames.NewTempPath("file");
        byte[]? before = null;
        SharedArray<int>? existing = null;
        try
        {
            if (nameTaken)
            {
                existing = SharedArray.Create<int>(name, [4], [11, 22, 33, 44], new CreateOptions { Directory = directory });
                before = File.ReadAllBytes(Segments.PathOf(name, directory));
            }
            var options = new LoadOptions { Directory = directory, AcceptExisting = !nameTaken };

            var error = Record.Exception(() => Load(failure, file, name, options));

            Assert.NotNull(error);
            if (failure == "io-error-half-way")
            {
                Assert.IsType<IOException>(error);
                Assert.Equal("simulated I/O error", error.Message);
            }
            else
            {
                var format = Assert.IsType<SharedArrayFormatException>(error);
                Assert.Contains($"shared array '{name}'", format.Message, StringComparison.Ordinal);
                Assert.Contains(failure == "proc-file" ? "/proc/self/status" : file, format.Message, StringComparison.Ordinal);
                Assert.Contains(ExpectedReason[failure], format.Message, StringComparison.Ordinal);
            }
            if (nameTaken)
            {
                Assert.Equal([name], Segments.Entries(directory));
                Assert.Equal(before, File.ReadAllBytes(Segments.PathOf(name, directory)));
                Assert.Equal([11, 22, 33, 44], existing!.AsSpan().ToArray());
            }
            else
            {
                Assert.Empty(Segments.Entries(directory));
            }
        }
        finally
        {
            existing?.Dispose();
            File.Delete(file);
        }
    }

    /// <summary>The control: the same files made whole load fine, so the failures above come from what was broken.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void A_whole_file_loads_and_a_name_taken_is_refused_without_damage()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("load-ok");
        var name = cleanup.Name("load-ok", directory);
        var file = UniqueNames.NewTempPath("file");
        try
        {
            File.WriteAllBytes(file, ToFile([BigElements], BigElements));
            var options = new LoadOptions { Directory = directory, AcceptExisting = false };
            using (var loaded = SharedArray.Load<long>(file, name, options).Array)
            {
                Assert.Equal(BigElements - 1, loaded[BigElements - 1]);
                var before = File.ReadAllBytes(Segments.PathOf(name, directory));

                var e = Assert.Throws<SharedArrayExistsException>(() => SharedArray.Load<long>(file, name, options));
                Assert.Contains($"'{name}' already exists", e.Message, StringComparison.Ordinal);
                Assert.Equal(before, File.ReadAllBytes(Segments.PathOf(name, directory)));
            }
            Assert.Equal([name], Segments.Entries(directory));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Load(string failure, string file, string name, LoadOptions options)
    {
        switch (failure)
        {
            case "truncated-data":
                File.WriteAllBytes(file, ToFile([1000], 500));
                break;
            case "empty-file":
                File.WriteAllBytes(file, []);
                break;
            case "shorter-than-prefix":
                File.WriteAllBytes(file, ToFile([1000], 0)[..5]);
                break;
            case "lying-header-length":
                File.WriteAllBytes(file, Patch(ToFile([10], 10), b => BinaryPrimitives.WriteUInt32BigEndian(b, 24)));
                break;
            case "unknown-code":
                File.WriteAllBytes(file, Patch(ToFile([10], 10), b => b[4] = 99));
                break;
            case "overflowing-dimensions":
                // The runtime lays out no such shape, so a rank-2 header gets the dimensions written over it.
                File.WriteAllBytes(file, Patch(ToFile([1, 1], 10), b =>
                {
                    BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), 1UL << 62);
                    BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(16), 1UL << 62);
                }));
                break;
            case "rank-beyond-64":
                File.WriteAllBytes(file, Patch(ToFile([10], 10), b => b[5] = 1));
                break;
            case "fifo":
                LoadFromFifo(file, name, options);
                return;
            case "proc-file":
                // Says it is 0 bytes long and then reads as text.
                SharedArray.Load<long>("/proc/self/status", name, options);
                return;
            case "shrinks-half-way":
                File.WriteAllBytes(file, ToFile([BigElements], BigElements));
                SharedArray.Load<long>(file, name, default, checkShape: false, options, progress: done =>
                {
                    if (done < BigElements * 8L)
                    {
                        using var shrink = new FileStream(file, FileMode.Open, FileAccess.Write);
                        shrink.SetLength(16 + (BigElements - 1000) * 8L);
                    }
                });
                return;
            case "io-error-half-way":
                File.WriteAllBytes(file, ToFile([BigElements], BigElements));
                SharedArray.Load<long>(file, name, default, checkShape: false, options, progress: done =>
                {
                    if (done < BigElements * 8L)
                    {
                        throw new IOException("simulated I/O error");
                    }
                });
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure), failure, null);
        }
        SharedArray.Load<long>(file, name, options);
    }

    /// <summary>A pipe has no length to check: a writer sends a valid header and half the data.</summary>
    /// <summary>
    /// A FIFO with no writer: Load must refuse it at once, not wait in <c>open</c> for a writer that never
    /// comes. Bounded, so that a Load that blocks fails the test instead of hanging it.
    /// </summary>
    private static void LoadFromFifo(string file, string name, LoadOptions options)
    {
        Assert.Equal(0, Native.MkFifo(file, 0x180));
        var load = Task.Run(() => SharedArray.Load<long>(file, name, options));
        if (!((IAsyncResult)load).AsyncWaitHandle.WaitOne(PeerProcess.Patience))
        {
            // Unblock the reader stuck in open, then fail.
            using (new FileStream(file, FileMode.Open, FileAccess.Write))
            {
            }
            Assert.Fail("Load of a FIFO with no writer blocked in open");
        }
        load.GetAwaiter().GetResult();
    }

    /// <summary>A cdxcore to_file file of int64 <paramref name="shape"/> carrying <paramref name="elements"/> values 0, 1, 2, …</summary>
    private static byte[] ToFile(long[] shape, long elements) => CdxcoreBytes.File<long>(shape, Enumerable.Range(0, (int)elements).Select(i => (long)i).ToArray());

    private static byte[] Patch(byte[] bytes, Action<byte[]> change)
    {
        change(bytes);
        return bytes;
    }
}
