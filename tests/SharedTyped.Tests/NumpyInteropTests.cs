using System.Text.Json;
using SharedTyped.Testing;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// numpy in a real Python process (tests/python, cdxcore's layout re-implemented in cdxcore_layout.py)
/// and .NET share segments and files both ways. These tests fail, never skip, without numpy.
/// </summary>
public sealed class NumpyInteropTests : SegmentTest
{
    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [MemberData(nameof(Kinds.Cdxcore), MemberType = typeof(Kinds))]
    public void Numpy_creates_and_dotnet_attaches_and_checks_every_element(string kind)
    {
        var name = NewName(kind);
        var result = InteropScript.Run("create", name, kind, "[3,5]");
        WaitForTracker(result);
        Assert.True(SharedArray.Exists(name), "the segment numpy created must outlive the Python process");
        var info = SharedMemory.Inspect(name);
        Assert.Equal(ElementKind.ByName(kind).Code, info.Code);
        Assert.Equal([3L, 5L], info.Shape);
        Assert.Equal(result.GetProperty("data_offset").GetInt64(), info.DataOffset);
        ElementKind.ByName(kind).Accept(new CrossProcessTests.CheckPattern(name, [3, 5], writeBackOffset: null));
        ElementKind.ByName(kind).Accept(new CheckReadOnly(name));
    }

    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [MemberData(nameof(Kinds.Cdxcore), MemberType = typeof(Kinds))]
    public void Dotnet_creates_and_numpy_checks_every_element_and_writes_back(string kind)
    {
        var name = NewName(kind);
        ElementKind.ByName(kind).Accept(new CreatePattern(name, [3, 5]));
        var result = InteropScript.Run("check", name, kind, "[3,5]");
        Assert.Equal(15, result.GetProperty("checked").GetInt32());
        WaitForTracker(result);
        Assert.True(SharedArray.Exists(name), "Python's resource tracker must not have unlinked the .NET segment");
        ElementKind.ByName(kind).Accept(new CrossProcessTests.CheckPattern(name, [3, 5], writeBackOffset: 1000));
    }

    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [MemberData(nameof(Kinds.Cdxcore), MemberType = typeof(Kinds))]
    public void A_numpy_to_file_file_loads_in_dotnet(string kind)
    {
        var file = NewFile(".npio");
        var name = NewName(kind);
        InteropScript.Run("to-file", file, kind, "[3,5]");
        var header = ExpectedHeader.Bytes((byte)ElementKind.ByName(kind).Code, [3, 5]);
        Assert.Equal(header, File.ReadAllBytes(file)[..header.Length]);
        ElementKind.ByName(kind).Accept(new LoadAndCheck(file, name, [3, 5]));
    }

    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [MemberData(nameof(Kinds.Cdxcore), MemberType = typeof(Kinds))]
    public void A_dotnet_saved_file_reads_in_numpy(string kind)
    {
        var file = NewFile(".npio");
        var name = NewName(kind);
        ElementKind.ByName(kind).Accept(new CreatePattern(name, [3, 5], save: file));
        var result = InteropScript.Run("check-file", file, kind, "[3,5]");
        Assert.Equal(15, result.GetProperty("checked").GetInt32());
    }

    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [InlineData("scalar")]
    [InlineData("0")]
    [InlineData("2x0x3")]
    [InlineData("7")]
    [InlineData("2x1x3x1x2")]
    [InlineData("1x1x1x1x1x1x1x2")]
    public void Every_rank_crosses_both_ways(string shape)
    {
        var dims = ShapeText.Parse(shape);
        var json = ShapeText.Json(dims);
        foreach (var kind in new ElementKind[] { ElementKind.Float64, ElementKind.Complex64, ElementKind.Bool })
        {
            var fromNumpy = NewName($"{kind} {shape} numpy");
            WaitForTracker(InteropScript.Run("create", fromNumpy, kind.Name, json));
            kind.Accept(new CrossProcessTests.CheckPattern(fromNumpy, dims, writeBackOffset: null));

            var fromDotnet = NewName($"{kind} {shape} dotnet");
            kind.Accept(new CreatePattern(fromDotnet, dims));
            WaitForTracker(InteropScript.Run("check", fromDotnet, kind.Name, json));
            Assert.True(SharedArray.Exists(fromDotnet));
            kind.Accept(new CrossProcessTests.CheckPattern(fromDotnet, dims, writeBackOffset: 1000));

            var file = NewFile(".npio");
            InteropScript.Run("to-file", file, kind.Name, json);
            kind.Accept(new LoadAndCheck(file, NewName($"{kind} {shape} loaded"), dims));
        }
    }

    [LinuxTheory("Python and numpy peers; the Windows leg has no Windows Python")]
    [MemberData(nameof(Kinds.Extensions), MemberType = typeof(Kinds))]
    public void Numpy_refuses_a_SharedTyped_extension_code_and_leaves_the_segment(string kind)
    {
        var name = NewName(kind);
        ElementKind.ByName(kind).Accept(new CreatePattern(name, [2]));
        var result = InteropScript.Run("attach-fails", name);
        Assert.Equal($"unknown dtype code {(byte)ElementKind.ByName(kind).Code}", result.GetProperty("error").GetString());
        WaitForTracker(result);
        Assert.True(SharedArray.Exists(name));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Without_unregistering_python_s_resource_tracker_would_unlink_our_segment()
    {
        // The control for the "segment still exists" checks: a plain SharedMemory attach (no
        // unregister, tracked by default) does lose the segment when its Python exits.
        var name = NewName();
        SharedArray.Create<double>(name, [2]).Dispose();
        var result = Python.Run("-c",
            "import sys, json\n" +
            "from multiprocessing import shared_memory, resource_tracker\n" +
            "shm = shared_memory.SharedMemory(name=sys.argv[1])\n" +
            "shm.close()\n" +
            "print(json.dumps({'tracker_pid': resource_tracker._resource_tracker._pid}))",
            name);
        Assert.True(result.ExitCode == 0, result.ToString());
        WaitForTracker(JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement);
        Assert.False(SharedArray.Exists(name));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Names_with_spaces_and_punctuation_reach_the_same_segment()
    {
        // ASCII only: Python's resource tracker (before 3.13) encodes names as ASCII and fails on others,
        // so cdxcore cannot open a non-ASCII name; .NET alone can (CreateAttachTests).
        var name = NewName() + " a+b=c,d@e~f";
        Segments.HandedOut[name] = "name with spaces";
        try
        {
            ElementKind.Int32.Accept(new CreatePattern(name, [4]));
            WaitForTracker(InteropScript.Run("check", name, "int32", "[4]"));
            ElementKind.Int32.Accept(new CrossProcessTests.CheckPattern(name, [4], writeBackOffset: 1000));
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void The_interop_script_fails_loudly_when_values_differ()
    {
        // The control: the checks in interop.py can fail, so their passing above means something.
        var name = NewName();
        using (var array = SharedArray.Create<double>(name, [3, 5], ElementKind.Float64.Values(15)))
        {
            array[2, 4] = 12345;
        }
        var result = InteropScript.RunFailing("check", name, "float64", "[3,5]");
        Assert.Contains("flat element 14 is 12345.0", result.Error);
        Assert.True(SharedArray.Exists(name));
    }

    /// <summary>
    /// Python's resource tracker unlinks what it still tracks when its Python exits, a little later
    /// and in its own process; wait for it, so "the segment still exists" is checked after that point.
    /// </summary>
    private static void WaitForTracker(JsonElement result)
    {
        if (result.TryGetProperty("tracker_pid", out var pid) && pid.ValueKind == JsonValueKind.Number)
        {
            ChildProcess.WaitUntilGone(pid.GetInt32());
        }
    }

    private sealed class CreatePattern(string name, long[] shape, string? save = null) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            using var array = SharedArray.Create<T>(name, shape, kind.Values(shape.Aggregate(1L, (a, b) => a * b)));
            if (save is not null)
            {
                array.Save(save);
            }
            return true;
        }
    }

    private sealed class CheckReadOnly(string name) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            using var view = SharedArray.AttachReadOnly<T>(name);
            Assert.Equal(-1, kind.FirstMismatch(view.AsSpan()));
            return true;
        }
    }

    private sealed class LoadAndCheck(string file, string name, long[] shape) : IElementVisitor<bool>
    {
        public bool Visit<T>(ElementKind<T> kind) where T : unmanaged
        {
            var (array, attached) = SharedArray.Load<T>(file, name, shape);
            using (array)
            {
                Assert.False(attached);
                Assert.Equal(shape, array.Shape.ToArray());
                var span = array.AsSpan();
                var mismatch = kind.FirstMismatch(span);
                Assert.True(mismatch < 0, $"{name} ({kind}): flat index {mismatch} differs");
            }
            return true;
        }
    }
}
