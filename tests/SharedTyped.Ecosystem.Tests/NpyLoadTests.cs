using System.Numerics;
using System.Runtime.InteropServices;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>.npy files written by numpy itself, loaded straight into shared memory.</summary>
public sealed class NpyLoadTests(NumpyFiles numpy) : IClassFixture<NumpyFiles>
{
    [Theory]
    [InlineData("f8-v1")]
    [InlineData("f8-v2")]
    [InlineData("f8-v3")]
    [InlineData("f4")]
    [InlineData("f2")]
    [InlineData("b1")]
    [InlineData("i1")]
    [InlineData("i2")]
    [InlineData("i4")]
    [InlineData("i8")]
    [InlineData("u1")]
    [InlineData("u2")]
    [InlineData("u4")]
    [InlineData("u8")]
    [InlineData("c8")]
    [InlineData("c16")]
    [InlineData("M8-ns")]
    [InlineData("M8-D")]
    [InlineData("m8-s")]
    [InlineData("scalar")]
    [InlineData("empty")]
    [InlineData("rank5")]
    public void A_numpy_file_loads_with_numpys_shape_and_bytes(string tag)
    {
        var c = numpy.Cases[tag];
        var descr = c.Descr.Split('[')[0];
        switch (descr)
        {
            case "<f8": LoadsExactly<double>(c); break;
            case "<f4": LoadsExactly<float>(c); break;
            case "<f2": LoadsExactly<Half>(c); break;
            case "|b1": LoadsExactly<bool>(c); break;
            case "|i1": LoadsExactly<sbyte>(c); break;
            case "<i2": LoadsExactly<short>(c); break;
            case "<i4": LoadsExactly<int>(c); break;
            case "<i8": LoadsExactly<long>(c); break;
            case "|u1": LoadsExactly<byte>(c); break;
            case "<u2": LoadsExactly<ushort>(c); break;
            case "<u4": LoadsExactly<uint>(c); break;
            case "<u8": LoadsExactly<ulong>(c); break;
            case "<c8": LoadsExactly<Complex64>(c); break;
            case "<c16": LoadsExactly<Complex>(c); break;
            case "<M8": LoadsExactly<DateTime64>(c); break;
            case "<m8": LoadsExactly<TimeDelta64>(c); break;
            default: Assert.Fail($"No element type for {c.Descr} in this test."); break;
        }
    }

    private static void LoadsExactly<T>(NumpyCase c) where T : unmanaged
    {
        var name = Segments.NewName(c.Tag);
        try
        {
            var result = NpyFile.Load<T>(c.File, name);
            using var array = result.Array;
            Assert.False(result.Attached);
            Assert.Equal(c.Shape, array.Shape.ToArray());
            Assert.Equal(File.ReadAllBytes(c.Raw), MemoryMarshal.AsBytes(array.AsSpan()).ToArray());

            var info = SharedMemory.Inspect(name);
            Assert.Equal(c.Shape, info.Shape);
            Assert.Equal(0, info.DataOffset % SharedArray.Alignment);
        }
        finally
        {
            Segments.Remove(name);
        }
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void Values_are_numpys_values()
    {
        var names = new List<string>();
        T[] Load<T>(string tag) where T : unmanaged
        {
            var name = Segments.NewName(tag);
            names.Add(name);
            using var array = NpyFile.Load<T>(numpy.Cases[tag].File, name).Array;
            return array.AsSpan().ToArray();
        }
        try
        {
            // npy_tool.py: floats are i/8 - 1.25, signed ints i*37 - 5, bools i % 3 == 0, complex i/4 + (1.5 - i)j.
            Assert.Equal(6 / 8.0 - 1.25, Load<double>("f8-v3")[6]);
            Assert.Equal(23 * 37 - 5, Load<int>("i4")[23]);
            Assert.Equal([true, false, false, true, false, false, true], Load<bool>("b1"));
            Assert.Equal(new Complex(0.5, -0.5), Load<Complex>("c16")[2]);
            Assert.Equal(new Complex64(0.75f, -1.5f), Load<Complex64>("c8")[3]);
            Assert.Equal((Half)(-1.0), Load<Half>("f2")[2]);
            Assert.Equal((byte)111, Load<byte>("u1")[3]);
            Assert.Equal((sbyte)(4 * 37 - 5 - 256), Load<sbyte>("i1")[4]);
            // datetime64[ns]: 2024-02-28T22:00 plus 90 minutes per element; the ticks are numpy's, unit and all.
            var expected = new DateTimeOffset(2024, 2, 28, 23, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds() * 1_000_000_000L;
            Assert.Equal(new DateTime64(expected), Load<DateTime64>("M8-ns")[1]);
            Assert.Equal(new DateTime64(DateOnly.FromDateTime(new DateTime(2024, 2, 28)).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber), Load<DateTime64>("M8-D")[1]);
            Assert.Equal(new TimeDelta64(2 * 3600 - 7), Load<TimeDelta64>("m8-s")[2]);
            Assert.Equal(-1.25, Load<double>("scalar")[0]);
        }
        finally
        {
            Segments.Remove([.. names]);
        }
    }

    [Theory]
    [InlineData("f8-v1", 1)]
    [InlineData("f8-v2", 2)]
    [InlineData("f8-v3", 3)]
    public void ReadHeader_reports_what_numpy_wrote(string tag, int major)
    {
        var header = NpyFile.ReadHeader(numpy.Cases[tag].File);
        Assert.Equal(new Version(major, 0), header.FormatVersion);
        Assert.Equal("<f8", header.Descr);
        Assert.Equal(DTypeCode.Float64, header.ElementCode);
        Assert.Equal([3L, 4L], header.Shape);
        Assert.False(header.FortranOrder);
        Assert.False(header.IsBigEndian);
        Assert.Null(header.TimeUnit);
        Assert.Equal(0, header.DataOffset % 64);
        Assert.Equal(12, header.Length);
    }

    [Theory]
    [InlineData("M8-ns", DTypeCode.DateTime64, "ns")]
    [InlineData("M8-D", DTypeCode.DateTime64, "D")]
    [InlineData("m8-s", DTypeCode.TimeDelta64, "s")]
    public void ReadHeader_reports_the_time_unit_the_segment_cannot_keep(string tag, DTypeCode code, string unit)
    {
        var header = NpyFile.ReadHeader(numpy.Cases[tag].File);
        Assert.Equal(code, header.ElementCode);
        Assert.Equal(unit, header.TimeUnit);
    }

    [Fact]
    public void Fortran_order_is_refused_naming_the_file_and_what_was_found()
    {
        var c = numpy.Cases["fortran"];
        var name = Segments.NewName("fortran");
        var e = Assert.Throws<NotSupportedException>(() => NpyFile.Load<double>(c.File, name));
        Assert.Equal(
            $"File '{c.File}' (for shared array '{name}') is in Fortran order (fortran_order: True, shape (3, 4)); only C order loads. In numpy: np.save(path, np.ascontiguousarray(a)).",
            e.Message);
        Assert.True(NpyFile.ReadHeader(c.File).FortranOrder);
        Assert.False(SharedArray.Exists(name));
    }

    [Theory]
    [InlineData("big-endian", ">f8")]
    [InlineData("big-endian-i4", ">i4")]
    public void Big_endian_is_refused_naming_the_file_and_the_dtype(string tag, string descr)
    {
        var c = numpy.Cases[tag];
        var name = Segments.NewName("bigendian");
        var e = Assert.Throws<NotSupportedException>(() => NpyFile.Load<double>(c.File, name));
        Assert.Equal(
            $"File '{c.File}' (for shared array '{name}') is big-endian (dtype '{descr}'); only little-endian files load. In numpy: np.save(path, a.astype(a.dtype.newbyteorder('<'))).",
            e.Message);
        Assert.True(NpyFile.ReadHeader(c.File).IsBigEndian);
        Assert.False(SharedArray.Exists(name));
    }

    [Theory]
    [InlineData("unicode", "<U3")]
    [InlineData("structured", "(structured)")]
    public void A_dtype_without_an_element_type_is_refused(string tag, string descr)
    {
        var c = numpy.Cases[tag];
        var name = Segments.NewName("nodtype");
        var e = Assert.Throws<NotSupportedException>(() => NpyFile.Load<byte>(c.File, name));
        Assert.Equal($"File '{c.File}' (for shared array '{name}') has dtype '{descr}', which has no SharedTyped element type.", e.Message);
        Assert.Null(NpyFile.ReadHeader(c.File).ElementCode);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void Another_element_type_is_a_mismatch_naming_both()
    {
        var c = numpy.Cases["f8-v1"];
        var name = Segments.NewName("mismatch");
        var e = Assert.Throws<SharedArrayMismatchException>(() => NpyFile.Load<float>(c.File, name));
        Assert.Equal($"File '{c.File}' (for shared array '{name}') holds '<f8' (float64) with shape (3, 4); expected float (float32).", e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void An_expected_shape_is_checked_before_anything_is_created()
    {
        var c = numpy.Cases["f8-v1"];
        var name = Segments.NewName("shape");
        var e = Assert.Throws<SharedArrayMismatchException>(() => NpyFile.Load<double>(c.File, name, [4, 3]));
        Assert.Equal($"Shared array '{name}' of double has shape (3, 4), expected (4, 3).", e.Message);
        Assert.False(SharedArray.Exists(name));

        try
        {
            using var array = NpyFile.Load<double>(c.File, name, [-1, 4]).Array;
            Assert.Equal([3L, 4L], array.Shape.ToArray());
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void A_truncated_file_is_refused_and_leaves_no_segment()
    {
        var c = numpy.Cases["f8-v1"];
        var path = numpy.Scratch("truncated.npy");
        var bytes = File.ReadAllBytes(c.File);
        File.WriteAllBytes(path, bytes[..^8]);
        var name = Segments.NewName("truncated");

        var e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.Load<double>(path, name));
        Assert.Equal($"File '{path}' (for shared array '{name}') is truncated: shape (3, 4) of '<f8' needs {bytes.Length} bytes, the file has {bytes.Length - 8}.", e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void Files_that_are_not_npy_are_refused_with_the_reason()
    {
        var notNpy = numpy.Scratch("not.npy");
        File.WriteAllBytes(notNpy, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.ReadHeader(notNpy));
        Assert.Equal($"File '{notNpy}' is not a valid .npy file: it does not start with the .npy magic string \\x93NUMPY.", e.Message);

        var version4 = numpy.Scratch("v4.npy");
        var bytes = File.ReadAllBytes(numpy.Cases["f8-v1"].File);
        bytes[6] = 4;
        File.WriteAllBytes(version4, bytes);
        e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.ReadHeader(version4));
        Assert.Equal($"File '{version4}' is not a valid .npy file: format version 4.0 is not one of 1.0, 2.0, 3.0.", e.Message);

        var badDict = numpy.Scratch("baddict.npy");
        bytes = File.ReadAllBytes(numpy.Cases["f8-v1"].File);
        bytes[10] = (byte)'[';
        File.WriteAllBytes(badDict, bytes);
        e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.ReadHeader(badDict));
        Assert.StartsWith($"File '{badDict}' is not a valid .npy file: the header dictionary does not parse: ", e.Message);

        var missing = numpy.Scratch("missing.npy");
        var name = Segments.NewName("missing");
        var notFound = Assert.Throws<FileNotFoundException>(() => NpyFile.Load<double>(missing, name));
        Assert.Equal($"Cannot load shared array '{name}': file '{missing}' does not exist.", notFound.Message);
    }

    [Fact]
    public void An_existing_array_of_the_same_type_and_shape_is_attached_unless_told_otherwise()
    {
        var c = numpy.Cases["i4"];
        var name = Segments.NewName("existing");
        try
        {
            var first = NpyFile.Load<int>(c.File, name);
            using var created = first.Array;
            created[0, 0, 0] = 12345;

            var second = NpyFile.Load<int>(c.File, name);
            using var attached = second.Array;
            Assert.True(second.Attached);
            Assert.Equal(12345, attached[0, 0, 0]);

            var e = Assert.Throws<SharedArrayExistsException>(() => NpyFile.Load<int>(c.File, name, new LoadOptions { AcceptExisting = false }));
            Assert.Contains($"Shared array '{name}' already exists", e.Message);
        }
        finally
        {
            Segments.Remove(name);
        }
    }
}
