using System.Text.Json;
using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>
/// The one element table (src/Shared/Elements/ElementTable.cs) against every other place that knows element
/// types: the <see cref="DTypeCode"/> enum, the typed switch of the CLI and Flight (src/Shared/Elements/ElementDispatch.cs),
/// what the runtime records for a type argument, the <c>.npy</c> descr, numpy itself, and python/sharedtyped.py,
/// imported by the Python that has numpy. Every code from 0 to 255 is walked, so a code added to one place
/// and not the others fails here.
/// </summary>
public sealed class ElementTableTests
{
    [Fact]
    public void Every_byte_is_known_exactly_when_the_enum_and_the_table_have_it()
    {
        for (var code = 0; code <= 255; code++)
        {
            var inTable = ElementTable.ByCode((byte)code) is not null || code == ElementTable.StructCode;
            Assert.True(inTable == Enum.IsDefined((DTypeCode)code), $"code {code}: table {inTable}, enum {Enum.IsDefined((DTypeCode)code)}");
            Assert.Equal(inTable, DTypeCodes.IsKnown((byte)code));
        }
    }

    [Fact]
    public void Every_row_dispatches_to_the_type_it_names_and_that_type_records_the_row()
    {
        foreach (var row in ElementTable.Rows)
        {
            var code = (DTypeCode)row.Code;
            var seen = ElementDispatch.Run(code, new RecordOf());
            Assert.Equal(row.DotNetName, seen.FullName);
            Assert.Equal(code, seen.Code);
            Assert.Equal(row.Size == ElementTable.PointerSized ? IntPtr.Size : row.Size, seen.Size);
            Assert.Equal(seen.Size, DTypeCodes.ItemSize(code));
            Assert.Equal(row.CSharpName, seen.Name);
        }
        Assert.Throws<NotSupportedException>(() => ElementDispatch.Run(DTypeCode.Struct, new RecordOf()));
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Numpy_and_the_python_module_agree_with_every_row()
    {
        var rows = ElementTable.Rows.Select(static r => new { code = r.Code, numpy = r.NumpyName }).ToArray();
        var script = $$"""
            import json, sys
            import numpy as np
            sys.path.insert(0, {{JsonSerializer.Serialize(InteropScript.Directory)}})
            import sharedtyped
            out = {}
            for row in json.loads({{JsonSerializer.Serialize(JsonSerializer.Serialize(rows))}}):
                module = sharedtyped.DTYPES.get(row["code"])
                numpy = np.dtype(row["numpy"]) if row["numpy"] else None
                out[row["code"]] = [numpy.str if numpy is not None else None, module.str if module is not None else None]
            out["extra"] = sorted(c for c in sharedtyped.DTYPES if c not in out)
            print(json.dumps(out))
            """;
        var result = Python.Run("-c", script);
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement;

        Assert.Equal(0, seen.GetProperty("extra").GetArrayLength());
        foreach (var row in ElementTable.Rows)
        {
            var pair = seen.GetProperty(row.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var numpy = pair[0].GetString();
            var module = pair[1].GetString();
            // What numpy calls the row's dtype is what the .npy writer writes, and what the Python peer maps the code to.
            Assert.True(NpyDescr.For((DTypeCode)row.Code, null) == numpy, $"code {row.Code}: .npy descr {NpyDescr.For((DTypeCode)row.Code, null)}, numpy {numpy}");
            Assert.True(module == numpy, $"code {row.Code}: python/sharedtyped.py {module}, numpy {numpy}");
            if (numpy is not null && row.Code < ElementTable.FirstExtension)
            {
                Assert.Equal((DTypeCode)row.Code, NpyDescr.Parse(numpy).Code);
            }
        }
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void The_python_modules_header_constants_are_the_runtimes()
    {
        var script = $$"""
            import json, sys
            sys.path.insert(0, {{JsonSerializer.Serialize(InteropScript.Directory)}})
            import sharedtyped as s
            print(json.dumps([s.ALIGN, s.HEADER_FIXED_LENGTH, s.HEADER_EXTENT_LENGTH, s.MAX_RANK, s.FIRST_EXTENSION_CODE,
                              s.TYPE_RECORD_LENGTH, s.TYPE_RECORD_MAGIC.decode("ascii"), s.DEFAULT_SHM_DIRECTORY, s.SHM_DIRECTORY_VARIABLE]))
            """;
        var result = Python.Run("-c", script);
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]).RootElement;

        var magic = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(magic, SegmentLayout.ExtensionMagic);
        Assert.Equal(SharedArray.Alignment, seen[0].GetInt32());
        // H = 8 + 8 × ndim, read back from the runtime's own header of a rank-0 and a rank-1 array.
        Assert.Equal(SegmentLayout.For<double>("constants", []).HeaderLength, seen[1].GetInt32());
        Assert.Equal(SegmentLayout.For<double>("constants", [5]).HeaderLength - SegmentLayout.For<double>("constants", []).HeaderLength, seen[2].GetInt32());
        Assert.Equal(SegmentLayout.MaxRank, seen[3].GetInt32());
        Assert.Equal(DTypeCodes.FirstExtension, seen[4].GetInt32());
        Assert.Equal(SegmentLayout.ExtensionRecordLength, seen[5].GetInt32());
        Assert.Equal(System.Text.Encoding.ASCII.GetString(magic), seen[6].GetString());
        Assert.Equal(LinuxSharedMemory.DefaultDirectory, seen[7].GetString());
        Assert.Equal(LinuxSharedMemory.DirectoryVariable, seen[8].GetString());
    }

    private readonly record struct Seen(string? FullName, DTypeCode Code, int Size, string Name);

    private sealed class RecordOf : IElementAction<Seen>
    {
        public Seen Run<T>() where T : unmanaged => new(typeof(T).FullName, ElementType<T>.Code, ElementType<T>.Size, ElementType<T>.Name);
    }
}
