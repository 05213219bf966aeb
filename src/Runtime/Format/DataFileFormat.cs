namespace SharedTyped;

/// <summary>The file formats <c>Load</c> reads; see <see cref="SharedMemory.DetectFileFormat"/>.</summary>
public enum DataFileFormat
{
    /// <summary>cdxcore's <c>npio.to_file</c>: the segment header, then the elements (<see cref="SharedArray.Load{T}(string, string, LoadOptions?)"/>).</summary>
    ToFile,

    /// <summary>numpy's <c>.npy</c> (<see cref="NpyFile.Load{T}(string, string, LoadOptions?)"/>).</summary>
    Npy,

    /// <summary>numpy's <c>.npz</c>, a zip of <c>.npy</c> files, one of which is loaded (<see cref="NpyFile.LoadMember{T}"/>).</summary>
    Npz,
}
