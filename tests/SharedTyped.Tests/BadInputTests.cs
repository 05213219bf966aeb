using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>Every bad input (docs/guarantees.md): the exception type, and a message that names the array, shape and types.</summary>
public sealed class BadInputTests : SegmentTest
{
    public static TheoryData<string, string, string> BadNames { get; } = new()
    {
        { "empty", "", "it is empty" },
        { "slash", "a/b", "it contains '/'" },
        { "leading slash", "/prices", "it contains '/'" },
        { "backslash", "a\\b", "it contains '\\'" },
        { "dot dot", "..", "it starts with '.'" },
        { "hidden", ".hidden", "it starts with '.'" },
        { "NUL", "a\0b", "it contains a NUL character" },
        { "256 ASCII bytes", new string('n', 256), $"it is 256 bytes in UTF-8, more than the {SharedMemoryPlatform.Current.MaxNameBytes}" },
        { "256 UTF-8 bytes in 128 chars", new string('\u00E9', 128), $"it is 256 bytes in UTF-8, more than the {SharedMemoryPlatform.Current.MaxNameBytes}" },
    };

    [Fact]
    public void ValidateName_and_IsValidName_apply_the_rule_of_every_entry_point_and_touch_nothing()
    {
        var before = Segments.Snapshot();
        SharedArray.ValidateName("prices-2024");
        Assert.True(SharedArray.IsValidName("prices-2024", out var none));
        Assert.Null(none);
        foreach (var bad in new[] { "", "a/b", "a\0b", new string('x', 300) })
        {
            var refused = Assert.Throws<ArgumentException>(() => SharedArray.ValidateName(bad));
            var created = Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(bad, [1]));
            Assert.False(SharedArray.IsValidName(bad, out var problem));
            Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
            Assert.Contains(problem, created.Message, StringComparison.Ordinal);
        }
        Assert.Throws<ArgumentNullException>(() => SharedArray.ValidateName(null!));
        Assert.Equal(before, Segments.Snapshot());
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Bad_names_are_refused_by_every_entry_point(string why, string name, string reason)
    {
        var file = NewFile();
        using (var source = SharedArray.Create<int>(NewName(why), [1]))
        {
            source.Save(file);
        }
        var before = Segments.Snapshot();
        var calls = new (string, Action)[]
        {
            ("Create", () => SharedArray.Create<int>(name, [1])),
            ("Create fill", () => SharedArray.Create(name, [1], 1)),
            ("Create source", () => SharedArray.Create<int>(name, [1], [1])),
            ("TryCreate", () => SharedArray.TryCreate<int>(name, [1], out _)),
            ("TryCreate source", () => SharedArray.TryCreate<int>(name, [1], [1], out _)),
            ("CreateOrAttach", () => SharedArray.CreateOrAttach<int>(name, [1], out _)),
            ("Attach", () => SharedArray.Attach<int>(name)),
            ("Attach shape", () => SharedArray.Attach<int>(name, [1])),
            ("TryAttach", () => SharedArray.TryAttach<int>(name, out _)),
            ("AttachReadOnly", () => SharedArray.AttachReadOnly<int>(name)),
            ("TryAttachReadOnly", () => SharedArray.TryAttachReadOnly<int>(name, out _)),
            ("Delete", () => SharedArray.Delete(name)),
            ("Exists", () => SharedArray.Exists(name)),
            ("Inspect", () => SharedMemory.Inspect(name)),
            ("Load", () => SharedArray.Load<int>(file, name)),
            ("LoadReadOnly", () => SharedArray.LoadReadOnly<int>(file, name)),
        };
        var printable = name.Replace("\0", "\\0", StringComparison.Ordinal);
        foreach (var (entry, call) in calls)
        {
            var e = Assert.Throws<ArgumentException>(call);
            Assert.Equal("name", e.ParamName);
            Assert.True(e.Message.Contains($"Shared array name '{printable}' is invalid: {reason}", StringComparison.Ordinal), $"{entry}: {e.Message}");
            // A typed call says what it asked for; Delete, Exists and Inspect know no element type.
            var requested = entry switch
            {
                "Delete" or "Exists" or "Inspect" => null,
                "Attach" or "TryAttach" or "AttachReadOnly" or "TryAttachReadOnly" or "Load" or "LoadReadOnly" => "(requested int, any shape).",
                _ => "(requested int, shape (1,)).",
            };
            Assert.True(requested is null ? !e.Message.Contains("requested", StringComparison.Ordinal) : e.Message.Contains(requested, StringComparison.Ordinal),
                $"{entry}: {e.Message}");
        }
        Assert.Equal(before, Segments.Snapshot());
    }

    [Fact]
    public void A_null_name_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => SharedArray.Create<int>(null!, [1]));
        Assert.Throws<ArgumentNullException>(() => SharedArray.Attach<int>(null!));
        Assert.Throws<ArgumentNullException>(() => SharedArray.Delete(null!));
    }

    [Fact]
    public void The_longest_name_the_system_allows_works()
    {
        // 255 bytes on Linux (NAME_MAX); 200 after Local\ or Global\ on Windows (docs/guarantees.md, "Windows").
        var longest = SharedMemoryPlatform.Current.MaxNameBytes;
        Assert.Equal(OperatingSystem.IsWindows() ? 200 : OperatingSystem.IsLinux() ? 255 : longest, longest);
        var name = NewName();
        name += new string('x', longest - name.Length);
        Segments.HandedOut[name] = "longest name";
        try
        {
            using var array = SharedArray.Create<int>(name, [1], 1);
            Assert.True(SharedArray.Exists(name));
            using var attached = SharedArray.Attach<int>(name);
            Assert.Equal(1, attached[0]);
            // Windows cannot free a held name: it is marked deleted, and Delete says it is not free yet.
            Assert.Equal(!OperatingSystem.IsWindows(), SharedArray.Delete(name));
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3x-2")]
    [InlineData("2x3x4x-9223372036854775808")]
    public void Negative_dimensions_are_refused_and_nothing_is_created(string shape)
    {
        var name = NewName();
        var dims = ShapeText.Parse(shape);
        var bad = Array.FindIndex(dims, d => d < 0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SharedArray.Create<double>(name, dims));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains($"Shared array '{name}' (double, shape {Shape(dims)})", e.Message);
        Assert.Contains($"dimension {bad} is {dims[bad]}; dimensions must be zero or positive", e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void A_rank_over_64_is_refused()
    {
        var name = NewName();
        var e = Assert.Throws<ArgumentException>(() => SharedArray.Create<byte>(name, new long[65].AsSpan()));
        Assert.Contains($"Shared array '{name}' (byte,", e.Message);
        Assert.Contains("rank 65 exceeds the maximum of 64", e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [Theory]
    [InlineData("double", "9223372036854775807x2")]
    [InlineData("double", "4294967296x4294967296")]
    [InlineData("double", "1152921504606846976")]
    [InlineData("Complex", "576460752303423488")]
    [InlineData("byte", "9223372036854775800")]
    public void Shapes_whose_byte_size_overflows_are_refused(string type, string shape)
    {
        var name = NewName();
        var dims = ShapeText.Parse(shape);
        Action create = type switch
        {
            "double" => () => SharedArray.Create<double>(name, dims),
            "Complex" => () => SharedArray.Create<System.Numerics.Complex>(name, dims),
            _ => () => SharedArray.Create<byte>(name, dims),
        };
        var e = Assert.Throws<ArgumentException>(create);
        Assert.Equal("shape", e.ParamName);
        Assert.Contains($"Shared array '{name}' (", e.Message);
        Assert.Contains($"shape {Shape(dims)}): the size in bytes overflows a 64-bit integer", e.Message);
        Assert.False(SharedArray.Exists(name));
    }

    [LinuxFact("reads /dev/shm or /proc, or names the segment's file")]
    public void A_segment_bigger_than_dev_shm_is_refused_with_nothing_left_behind()
    {
        var name = NewName();
        var before = Segments.Snapshot();
        var e = Assert.Throws<SharedArrayOutOfSpaceException>(() => SharedArray.Create<byte>(name, [1L << 50]));
        // The 64-byte header, the data and the 128-byte sync block.
        Assert.Contains($"Shared array '{name}' needs {(1L << 50) + 192} bytes", e.Message);
        Assert.Equal((1L << 50) + 192, e.RequestedBytes);
        Assert.False(SharedArray.Exists(name));
        Assert.Equal(before, Segments.Snapshot());
    }

    [Fact]
    public void A_source_of_the_wrong_length_is_refused_naming_the_array()
    {
        var name = NewName();
        var e = Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(name, [3, 5], new int[14]));
        Assert.Equal("source", e.ParamName);
        Assert.Contains($"Shared array '{name}' (int, shape (3, 5)) has 15 elements but the source has 14", e.Message);
        Assert.False(SharedArray.Exists(name));
        Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(name, [3, 5], new int[16]));
        Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(name, [], ReadOnlySpan<int>.Empty));
        Assert.False(SharedArray.Exists(name));
        using var scalar = SharedArray.Create<int>(name, [], [42]);
        Assert.Equal(42, scalar.At());
    }

    public static TheoryData<string, string, string> TypeMismatches { get; } = new()
    {
        { "float64", "int32", "expected int (int32)" },
        { "float64", "int64", "expected long (int64)" },
        { "float64", "float32", "expected float (float32)" },
        { "int64", "datetime64", "expected SharedTyped.DateTime64 (datetime64)" },
        { "datetime64", "timedelta64", "expected SharedTyped.TimeDelta64 (timedelta64)" },
        { "complex128", "decimal", "expected decimal" },
        { "bool", "byte", "expected byte" },
        { "byte", "bool", "expected bool (bool)" },
        { "uint16", "char", "expected char" },
        { "TestPoint", "complex128", "expected System.Numerics.Complex (complex128)" },
        { "complex128", "TestPoint", "expected SharedTyped.Testing.TestPoint" },
    };

    [Theory]
    [MemberData(nameof(TypeMismatches))]
    public void An_element_type_mismatch_names_the_array_the_shape_and_both_types(string stored, string asked, string expected)
    {
        var name = NewName();
        // Held open: Windows frees a segment with its last handle.
        using var holder = ElementKind.ByName(stored).Accept(new CreateZeroed(name, [2, 3]));
        var found = ElementKind.ByName(stored).Code == DTypeCode.Struct ? "a 16-byte struct of another type" : DTypeCodes.Name(ElementKind.ByName(stored).Code);
        foreach (var message in ElementKind.ByName(asked).Accept(new AttachEveryWay(name, NewFile())))
        {
            Assert.Contains($"Shared array '{name}' has element type {found} and shape (2, 3); {expected}.", message);
        }
    }

    [Fact]
    public void Two_structs_of_the_same_size_do_not_match()
    {
        var name = NewName();
        using var points = SharedArray.Create<TestPoint>(name, [4]);
        var e = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<OtherPoint>(name));
        Assert.Contains($"Shared array '{name}' has element type a 16-byte struct of another type and shape (4,); expected SharedTyped.Testing.OtherPoint.", e.Message);
        using var same = SharedArray.Attach<TestPoint>(name, [4]);
        Assert.Equal(4, same.Length);
    }

    [Theory]
    [InlineData("2x3")]
    [InlineData("3")]
    [InlineData("3x2x1")]
    [InlineData("scalar")]
    [InlineData("-1x3")]
    [InlineData("4x-1")]
    public void A_shape_mismatch_names_the_array_both_shapes_and_the_type(string expected)
    {
        var name = NewName();
        var dims = ShapeText.Parse(expected);
        using var array = SharedArray.Create<double>(name, [3, 2]);
        var message = $"Shared array '{name}' of double has shape (3, 2), expected {Shape(dims)}.";
        Assert.Equal(message, Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<double>(name, dims)).Message);
        Assert.Equal(message, Assert.Throws<SharedArrayMismatchException>(() => SharedArray.TryAttach<double>(name, dims, out _)).Message);
        Assert.Equal(message, Assert.Throws<SharedArrayMismatchException>(() => SharedArray.AttachReadOnly<double>(name, dims)).Message);
        Assert.Equal(message, Assert.Throws<SharedArrayMismatchException>(() => SharedArray.TryAttachReadOnly<double>(name, dims, out _)).Message);
    }

    [Fact]
    public void A_missing_segment_throws_SharedArrayNotFoundException_naming_it()
    {
        var name = NewName();
        var message = $"Shared array '{name}' does not exist ('{Segments.PathOf(name)}')";
        var anyShape = $"{message}; requested int, any shape.";
        var shaped = $"{message}; requested int, shape (1, 2).";
        var e = Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<int>(name));
        Assert.Equal(anyShape, e.Message);
        Assert.Equal(Segments.PathOf(name), e.FileName);
        Assert.IsAssignableFrom<FileNotFoundException>(e);
        Assert.Equal(shaped, Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<int>(name, [1, 2])).Message);
        Assert.Equal(anyShape, Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.AttachReadOnly<int>(name)).Message);
        Assert.Equal(shaped, Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.AttachReadOnly<int>(name, [1, 2])).Message);
        // Inspect knows no element type, so it asks for none.
        Assert.Equal(message + ".", Assert.Throws<SharedArrayNotFoundException>(() => SharedMemory.Inspect(name)).Message);
        Assert.False(SharedArray.TryAttach<int>(name, out _));
        Assert.False(SharedArray.TryAttach<int>(name, [1], out _));
        Assert.False(SharedArray.TryAttachReadOnly<int>(name, out _));
        Assert.False(SharedArray.Exists(name));
        Assert.True(SharedArray.Delete(name));
    }

    private static string Shape(long[] dims) =>
        dims.Length == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";

    private sealed class CreateZeroed(string name, long[] shape) : IElementVisitor<IDisposable>
    {
        public IDisposable Visit<T>(ElementKind<T> kind) where T : unmanaged => SharedArray.Create<T>(name, shape);
    }

    /// <summary>Attaches (and loads a saved copy) as the wrong type every way there is; returns each exception's message.</summary>
    private sealed class AttachEveryWay(string name, string file) : IElementVisitor<List<string>>
    {
        public List<string> Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            var messages = new List<string>
            {
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<T>(name)).Message,
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Attach<T>(name, [2, 3])).Message,
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.TryAttach<T>(name, out _)).Message,
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.AttachReadOnly<T>(name)).Message,
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.TryAttachReadOnly<T>(name, out _)).Message,
                Assert.Throws<SharedArrayMismatchException>(() => SharedArray.CreateOrAttach<T>(name, [2, 3], out _)).Message,
            };
            var copy = name + "-copy";
            Segments.HandedOut[copy] = "mismatch copy";
            try
            {
                SaveAs(name, file);
                var load = Assert.Throws<SharedArrayMismatchException>(() => SharedArray.Load<T>(file, copy));
                Assert.False(SharedArray.Exists(copy));
                messages.Add(load.Message.Replace(copy, name, StringComparison.Ordinal));
            }
            finally
            {
                Segments.Remove(copy);
            }
            return messages;
        }

        private static void SaveAs(string name, string file)
        {
            var kind = SharedMemory.Inspect(name);
            // Any element type can save: read the raw segment back through the matching kind.
            ElementKind.All.First(k => k.Code == kind.Code).Accept(new Saver(name, file));
        }
    }

    private sealed class Saver(string name, string file) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            using var array = SharedArray.AttachReadOnly<T>(name);
            array.Save(file);
            return true;
        }
    }
}
