using System.Text.Json;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>One file numpy wrote: where it is, the bytes numpy held, and what numpy says it is.</summary>
public sealed record NumpyCase(string Tag, string File, string Raw, string Descr, long[] Shape, int[] Version);

/// <summary>The <c>.npy</c> files numpy itself writes (every case of npy_tool.py), made once for a test class.</summary>
public sealed class NumpyFiles : IDisposable
{
    private readonly TempDirectory _directory = new("npy");

    public NumpyFiles()
    {
        Numpy.RunTool("write", _directory.Path);
        using var manifest = JsonDocument.Parse(File.ReadAllText(_directory.File("manifest.json")));
        Cases = manifest.RootElement.EnumerateArray().Select(e => new NumpyCase(
                e.GetProperty("tag").GetString()!,
                e.GetProperty("file").GetString()!,
                e.GetProperty("raw").GetString()!,
                e.GetProperty("descr").ValueKind == JsonValueKind.String ? e.GetProperty("descr").GetString()! : "(structured)",
                e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
                e.GetProperty("version").EnumerateArray().Select(d => d.GetInt32()).ToArray()))
            .ToDictionary(c => c.Tag);
    }

    public IReadOnlyDictionary<string, NumpyCase> Cases { get; }

    /// <summary>A scratch path in the same directory, removed with it.</summary>
    public string Scratch(string fileName) => _directory.File(fileName);

    public void Dispose() => _directory.Dispose();
}
