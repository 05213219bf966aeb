using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>.NET writes .npy files; numpy itself loads them and compares dtype, shape, bytes and values.</summary>
public sealed class NpySaveTests : IDisposable
{
    private readonly TempDirectory _directory = new("npysave");
    private readonly List<object> _manifest = [];
    private readonly List<string> _names = [];

    public void Dispose()
    {
        Segments.Remove([.. _names]);
        _directory.Dispose();
    }

    [Fact]
    public void Numpy_loads_what_dotnet_saved_for_every_dtype()
    {
        Save<double>("f8", [3, 4], i => i / 8.0 - 1.25, "<f8", values: v => v);
        Save<float>("f4", [5], i => i * 0.25f, "<f4", values: v => v);
        Save<Half>("f2", [2, 3], i => (Half)(i - 2.5), "<f2");
        Save<bool>("b1", [7], i => i % 3 == 0, "|b1", values: v => v);
        Save<sbyte>("i1", [4], i => (sbyte)(i * 50 - 100), "|i1", values: v => v);
        Save<short>("i2", [2, 2], i => (short)(i * -300), "<i2", values: v => v);
        Save<int>("i4", [2, 3, 4], i => i * 37 - 5, "<i4", values: v => v);
        Save<long>("i8", [3], i => long.MinValue + i, "<i8", values: v => v);
        Save<byte>("u1", [6], i => (byte)(i * 50), "|u1", values: v => v);
        Save<ushort>("u2", [3], i => (ushort)(65535 - i), "<u2", values: v => v);
        Save<uint>("u4", [3], i => uint.MaxValue - (uint)i, "<u4", values: v => v);
        Save<ulong>("u8", [3], i => ulong.MaxValue - (ulong)i, "<u8", values: v => v);
        Save<Complex64>("c8", [2, 2], i => new Complex64(i / 4f, 1.5f - i), "<c8", values: v => new[] { (double)v.Real, v.Imaginary });
        Save<Complex>("c16", [4], i => new Complex(i / 4.0, 1.5 - i), "<c16", values: v => new[] { v.Real, v.Imaginary });
        // 2024-02-28T22:00:00Z in nanoseconds, then 90 minutes apart.
        var start = new DateTimeOffset(2024, 2, 28, 22, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000_000L;
        Save<DateTime64>("M8-ns", [3], i => new DateTime64(start + i * 90L * 60 * 1_000_000_000), "<M8[ns]", timeUnit: "ns",
            values: v => DateTimeOffset.FromUnixTimeMilliseconds(v.Ticks / 1_000_000).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.000000000"));
        Save<DateTime64>("M8-generic", [2], i => new DateTime64(i), "<M8");
        Save<TimeDelta64>("m8-s", [3], i => new TimeDelta64(i * 3600 - 7), "<m8[s]", timeUnit: "s", values: v => $"{v.Ticks} seconds");
        Save<char>("char-as-u2", [3], i => (char)('a' + i), "<u2", values: v => (int)v);
        Save<nint>("nint-as-i8", [2], i => (nint)(-i), "<i8", values: v => (long)v);
        Save<double>("scalar", [], _ => 3.5, "<f8", values: v => v);
        Save<int>("empty", [0, 3], i => i, "<i4");
        Save<short>("rank5", [2, 1, 3, 1, 2], i => (short)i, "<i2", values: v => v);

        var manifest = _directory.File("manifest.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(_manifest));
        var result = Numpy.RunTool("check", manifest);
        Assert.Equal(_manifest.Count, result.Output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_read_only_view_saves_too_and_dotnet_loads_its_own_files_back()
    {
        var name = NewName("roundtrip");
        using var array = SharedArray.Create<double>(name, [2, 3], source: [1, 2, 3, 4, 5, 6]);
        using var view = SharedArray.AttachReadOnly<double>(name);
        var path = _directory.File("view.npy");
        view.SaveNpy(path);

        var copy = NewName("roundtrip-copy");
        using var loaded = NpyFile.Load<double>(path, copy).Array;
        Assert.Equal([2L, 3L], loaded.Shape.ToArray());
        Assert.Equal([1.0, 2, 3, 4, 5, 6], loaded.AsSpan().ToArray());
        Assert.Equal("[[1. 2. 3.]\n [4. 5. 6.]]", Numpy.Run($"print(np.load('{path}'))").Trim());
    }

    [Fact]
    public void Saving_replaces_the_file_whole_when_asked_and_leaves_no_temporary_file()
    {
        var name = NewName("replace");
        using var array = SharedArray.Create<int>(name, [3], source: [7, 8, 9]);
        var path = _directory.File("replace.npy");
        File.WriteAllText(path, "an older file");
        Assert.Throws<SharedArrayFileExistsException>(() => array.SaveNpy(path));
        Assert.Equal("an older file", File.ReadAllText(path));
        array.SaveNpy(path, new SaveOptions { Overwrite = true });
        Assert.Equal(["replace.npy"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
        Assert.Equal("[7 8 9]", Numpy.Run($"print(np.load('{path}'))").Trim());
    }

    [Fact]
    public void Element_types_numpy_has_no_dtype_for_are_refused_naming_the_array()
    {
        var name = NewName("decimal");
        using var array = SharedArray.Create<decimal>(name, [2]);
        var path = _directory.File("decimal.npy");
        var e = Assert.Throws<NotSupportedException>(() => array.SaveNpy(path));
        Assert.Equal($"Shared array '{name}' (decimal, shape (2,)) cannot be saved as .npy: numpy has no dtype for decimal (SharedTyped extension) elements.", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_time_unit_must_be_numpys_and_only_for_time_elements()
    {
        var doubles = NewName("unit-double");
        using var d = SharedArray.Create<double>(doubles, [2]);
        var e = Assert.Throws<ArgumentException>(() => d.SaveNpy(_directory.File("d.npy"), new SaveOptions { TimeUnit = "ns" }));
        Assert.StartsWith($"Shared array '{doubles}' (double, shape (2,)): a time unit ('ns') applies only to DateTime64 and TimeDelta64 elements.", e.Message);

        var times = NewName("unit-time");
        using var t = SharedArray.Create<DateTime64>(times, [2]);
        e = Assert.Throws<ArgumentException>(() => t.SaveNpy(_directory.File("t.npy"), new SaveOptions { TimeUnit = "fortnights" }));
        Assert.StartsWith($"Shared array '{times}' (SharedTyped.DateTime64, shape (2,)): 'fortnights' is not a numpy time unit", e.Message);
        t.SaveNpy(_directory.File("t15m.npy"), new SaveOptions { TimeUnit = "15m" });
        Assert.Equal("<M8[15m]", NpyFile.ReadHeader(_directory.File("t15m.npy")).Descr);

        // A cdxcore to_file header has no room for a unit: Save refuses one rather than drop it.
        e = Assert.Throws<ArgumentException>(() => t.Save(_directory.File("t.bin"), new SaveOptions { TimeUnit = "ns" }));
        Assert.StartsWith($"Shared array '{times}' (", e.Message);
        Assert.Contains("shape (2,)): a time unit ('ns') is written only to a .npy file (SaveNpy); a to_file header records none.", e.Message);
        Assert.False(File.Exists(_directory.File("t.bin")));
    }

    [Fact]
    public void A_microsecond_unit_spelled_with_mu_is_written_as_numpys_us_and_numpy_loads_it()
    {
        // 2024-02-28T22:00:00Z in microseconds, then 1 µs and 1.5 s later.
        var start = new DateTimeOffset(2024, 2, 28, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        using var times = SharedArray.Create<DateTime64>(NewName("unit-micro"), [3],
            source: [new DateTime64(start), new DateTime64(start + 1), new DateTime64(start + 1_500_000)]);
        var path = _directory.File("micro.npy");
        times.SaveNpy(path, new SaveOptions { TimeUnit = "μs" });

        var header = NpyFile.ReadHeader(path);
        Assert.Equal(("<M8[us]", new Version(1, 0), 128L), (header.Descr, header.FormatVersion, header.DataOffset));
        // Byte for byte what numpy.save writes for the same array: header length, padding and all.
        var numpys = _directory.File("micro-by-numpy.npy");
        Numpy.Run($"np.save('{numpys}', np.array([{start}, {start + 1}, {start + 1_500_000}], dtype='M8[us]'))");
        Assert.Equal(File.ReadAllBytes(numpys), File.ReadAllBytes(path));
        Assert.Equal("datetime64[us] ['2024-02-28T22:00:00.000000', '2024-02-28T22:00:00.000001', '2024-02-28T22:00:01.500000']",
            Numpy.Run($"a = np.load('{path}'); print(a.dtype, [str(x) for x in a])").Trim());

        using var spans = SharedArray.Create<TimeDelta64>(NewName("unit-micro-delta"), [2], source: [new TimeDelta64(3), new TimeDelta64(-1)]);
        var deltas = _directory.File("micro-delta.npy");
        spans.SaveNpy(deltas, new SaveOptions { TimeUnit = "10μs" });
        Assert.Equal("<m8[10us]", NpyFile.ReadHeader(deltas).Descr);
        Assert.Equal("timedelta64[10us] [3, -1]", Numpy.Run($"a = np.load('{deltas}'); print(a.dtype, a.astype('i8').tolist())").Trim());
    }

    private string NewName(string tag)
    {
        var name = Segments.NewName(tag);
        _names.Add(name);
        return name;
    }

    private void Save<T>(string tag, long[] shape, Func<int, T> element, string descr, string? timeUnit = null, Func<T, object>? values = null)
        where T : unmanaged
    {
        using var array = SharedArray.Create<T>(NewName(tag), shape);
        var span = array.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = element(i);
        }
        var file = _directory.File(tag + ".npy");
        var raw = _directory.File(tag + ".raw");
        array.SaveNpy(file, new SaveOptions { TimeUnit = timeUnit });
        File.WriteAllBytes(raw, MemoryMarshal.AsBytes(span).ToArray());
        var entry = new Dictionary<string, object> { ["tag"] = tag, ["file"] = file, ["raw"] = raw, ["descr"] = descr, ["shape"] = shape };
        if (values is not null)
        {
            entry["values"] = span.ToArray().Select(values).ToArray();
        }
        _manifest.Add(entry);
    }
}
