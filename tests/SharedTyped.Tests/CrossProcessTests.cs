using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>A real second process (tests/SharedTyped.Peer, run with <c>dotnet SharedTyped.Peer.dll</c>) shares the segments.</summary>
public sealed class CrossProcessTests : SegmentTest
{
    [Fact]
    public void The_peer_attaches_checks_every_value_and_its_column_writes_are_seen_here()
    {
        var name = NewName();
        const long rows = 1000, cols = 3;
        using var matrix = SharedArray.Create<double>(name, [rows, cols], ElementKind.Float64.Values(rows * cols));
        var result = Peer.Run("check-and-write", name, "1000", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("checked 3000 elements; wrote column 2", result.Output);
        for (long i = 0; i < rows; i++)
        {
            Assert.Equal(-(i + 1) * 0.5, matrix[i, 2]);
            Assert.True(ElementKind<double>.Same(ElementKind.Float64.Value(i * cols), matrix[i, 0]));
            Assert.True(ElementKind<double>.Same(ElementKind.Float64.Value(i * cols + 1), matrix[i, 1]));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds.All), MemberType = typeof(Kinds))]
    public void The_peer_creates_and_this_process_attaches(string kind)
    {
        var name = NewName(kind);
        // The peer holds what it created until it ends: on Windows a segment goes with its last handle.
        using var peer = Peer.Serve();
        Assert.StartsWith("created Shared array", peer.Expect($"create {kind} {name} 4x3x2"), StringComparison.Ordinal);
        Assert.True(SharedArray.Exists(name));
        ElementKind.ByName(kind).Accept(new CheckPattern(name, [4, 3, 2], writeBackOffset: null));
    }

    [Fact]
    public void The_peer_checks_every_element_type_and_writes_back()
    {
        var specs = new List<string>();
        var names = new Dictionary<ElementKind, string>();
        var held = new List<IDisposable>();
        using var release = new Releaser(held);
        foreach (var kind in ElementKind.All)
        {
            var name = NewName(kind.Name);
            names[kind] = name;
            held.Add(kind.Accept(new CreatePattern(name, [5, 7])));
            specs.Add($"{name}={kind.Name}:5x7");
        }
        var result = Peer.Run(["check-kinds", .. specs]);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var (kind, name) in names)
        {
            kind.Accept(new CheckPattern(name, [5, 7], writeBackOffset: 1000));
        }
    }

    [Fact]
    public void The_peer_reports_a_type_mismatch_and_a_missing_segment_with_names()
    {
        var name = NewName();
        using var array = SharedArray.Create<double>(name, [3, 2]);
        var mismatch = Peer.Run("attach", "int32", name);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains($"SharedArrayMismatchException: Shared array '{name}' has element type float64 and shape (3, 2); expected int (int32).", mismatch.Output);
        var shape = Peer.Run("attach", "float64", name, "2x3");
        Assert.Equal(2, shape.ExitCode);
        Assert.Contains($"SharedArrayMismatchException: Shared array '{name}' of double has shape (3, 2), expected (2, 3).", shape.Output);
        var missing = NewName();
        var notFound = Peer.Run("attach", "float64", missing);
        Assert.Equal(2, notFound.ExitCode);
        Assert.Contains($"SharedArrayNotFoundException: Shared array '{missing}' does not exist", notFound.Output);
    }

    [Fact]
    public void Writes_are_live_both_ways_and_a_deleted_segment_stays_valid_for_its_holders()
    {
        var name = NewName();
        using var matrix = SharedArray.Create<double>(name, [4, 4]);
        using var peer = Peer.Serve();
        Assert.Contains($"Shared array '{name}' (double, shape (4, 4))", peer.Expect($"attach {name}"));

        matrix[1, 2] = 3.5;
        Assert.Equal("3.5", peer.Expect("get 1 2"));
        peer.Expect("set 3 0 -8.25");
        Assert.Equal(-8.25, matrix[3, 0]);

        // cdxcore's delete: the name goes, every existing mapping keeps working on the same memory. On
        // Windows the name is only marked deleted while the two processes hold it: Delete says it is not free yet.
        Assert.Equal(!OperatingSystem.IsWindows(), SharedArray.Delete(name));
        Assert.False(SharedArray.Exists(name));
        peer.Expect("set 0 0 11");
        Assert.Equal(11, matrix[0, 0]);
        matrix[0, 1] = 12;
        Assert.Equal("12", peer.Expect("get 0 1"));
        if (OperatingSystem.IsWindows())
        {
            // No new segment of a name its holders still have open; the peer cannot attach the deleted one.
            Assert.Throws<SharedArrayExistsException>(() => SharedArray.Create(name, [4, 4], 100.0));
            Assert.StartsWith("error SharedArrayNotFoundException", peer.Send($"attach {name}"), StringComparison.Ordinal);
            return;
        }

        // A new segment under the same name is new memory; the peer sees it only after attaching again.
        using var replacement = SharedArray.Create(name, [4, 4], 100.0);
        Assert.Equal("11", peer.Expect("get 0 0"));
        peer.Expect($"attach {name}");
        Assert.Equal("100", peer.Expect("get 0 0"));
        Assert.StartsWith("error IndexOutOfRangeException", peer.Send("get 4 0"), StringComparison.Ordinal);
        peer.Expect("dispose");
    }

    [Fact]
    public void DeleteOnDispose_here_removes_the_name_while_the_peer_keeps_its_mapping()
    {
        var name = NewName();
        var owner = SharedArray.Create(name, [2, 2], 1.0, new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
        using var peer = Peer.Serve();
        peer.Expect($"attach {name}");
        owner[1, 1] = 4.0;
        owner.Dispose();
        Assert.False(SharedArray.Exists(name));
        Assert.Equal("4", peer.Expect("get 1 1"));
        Assert.StartsWith("error SharedArrayNotFoundException", peer.Send($"attach {name}"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_the_peer_created_outlives_the_peer()
    {
        var name = NewName();
        var result = Peer.Run("create", "int64", name, "scalar");
        Assert.True(result.ExitCode == 0, result.ToString());
        if (!Segments.PersistentOutlivesHandles)
        {
            // Windows freed it with the peer's last handle, when the peer ended.
            Assert.False(SharedArray.Exists(name));
            Assert.Throws<SharedArrayNotFoundException>(() => SharedMemory.Inspect(name));
            return;
        }
        var info = SharedMemory.Inspect(name);
        Assert.Equal(DTypeCode.Int64, info.Code);
        Assert.Empty(info.Shape);
        using var scalar = SharedArray.AttachReadOnly<long>(name, []);
        Assert.Equal(0, scalar.At());
    }

    /// <summary>Creates the pattern; the caller holds the array (Windows frees a segment with its last handle).</summary>
    private sealed class CreatePattern(string name, long[] shape) : IElementVisitor<IDisposable>
    {
        public IDisposable Visit<T>(ElementKind<T> kind) where T : unmanaged =>
            SharedArray.Create<T>(name, shape, kind.Values(shape.Aggregate(1L, (a, b) => a * b)));
    }

    private sealed class Releaser(List<IDisposable> held) : IDisposable
    {
        public void Dispose() => held.ForEach(h => h.Dispose());
    }

    /// <summary>Every element is the pattern, or (with a write-back offset) pattern(k + offset) at odd flat indices.</summary>
    internal sealed class CheckPattern(string name, long[] shape, long? writeBackOffset) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            using var array = SharedArray.Attach<T>(name, shape);
            var span = array.AsSpan();
            for (var k = 0; k < span.Length; k++)
            {
                var expected = writeBackOffset is { } offset && k % 2 == 1 ? kind.Value(k + offset) : kind.Value(k);
                Assert.True(ElementKind<T>.Same(expected, span[k]), $"{name} ({kind}): flat index {k} holds {span[k]}, expected {expected}");
            }
            return true;
        }
    }
}
