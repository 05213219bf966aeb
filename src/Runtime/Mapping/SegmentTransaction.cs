using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>What a new segment holds between its header and its publication: a fill value, a copy of a span, or a file's bytes.</summary>
internal interface ISegmentContent
{
    /// <summary>Writes the elements of a segment that has its header already and that nobody else can see yet.</summary>
    void WriteTo(NativeSegment segment, SegmentLayout layout);
}

/// <summary>
/// The one way a segment comes to be, for <c>Create</c>, <c>Load</c>, <c>LoadReadOnly</c> and
/// <c>NpyFile.Load</c> alike: a hidden segment of the layout's length, its header, its content,
/// the holder state of the lifetime (joined before the name exists), publication under the name,
/// and registration as this process's mapping of it. A failure at any step disposes what was made,
/// so nothing is left under the name and no lock is held.
/// </summary>
internal static unsafe class SegmentTransaction
{
    private static ISharedMemoryPlatform Platform => SharedMemoryPlatform.Current;

    /// <exception cref="SharedArrayExistsException">The name is taken (and Force did not replace it).</exception>
    public static SegmentMapping Build<TContent>(string name, SegmentLayout layout, in SegmentCreateRequest request, SegmentLifetime lifetime,
        Microsoft.Extensions.Logging.ILogger? logger, scoped ref TContent content)
        where TContent : ISegmentContent, allows ref struct
    {
        var native = Platform.CreateHidden(name, layout.TotalBytes, request);
        try
        {
            native.WriteHeader(layout);
            content.WriteTo(native, layout);
            // Counted before the name exists: an attacher that joins and leaves at once must find
            // the creator among the holders, or it would think itself the last one out and unlink.
            // Nobody else can see the hidden inode yet, so its lock is free: the timeout never runs out here.
            native.Join(lifetime, name, AttachOptions.DefaultLockTimeout, logger);
            Platform.Publish(native, name, request);
            native.Built();
        }
        catch
        {
            native.Dispose();
            throw;
        }
        return SegmentMapping.Register(native, layout, created: true);
    }
}

/// <summary>Every element set to one value; fresh shared pages are zero already, so a zero fill touches nothing.</summary>
internal readonly unsafe struct FillContent<T>(T fill) : ISegmentContent where T : unmanaged
{
    public void WriteTo(NativeSegment segment, SegmentLayout layout)
    {
        var value = fill;
        if (!new ReadOnlySpan<byte>(&value, sizeof(T)).ContainsAnyExcept((byte)0))
        {
            return;
        }
        segment.Prefault();
        var data = (T*)(segment.Address + layout.DataOffset);
        const int chunk = 1 << 28;
        for (long done = 0; done < layout.ElementCount; done += chunk)
        {
            new Span<T>(data + done, (int)Math.Min(chunk, layout.ElementCount - done)).Fill(value);
        }
    }
}

/// <summary>A copy of a span with exactly as many elements as the layout.</summary>
internal readonly unsafe ref struct SpanContent<T>(ReadOnlySpan<T> source) : ISegmentContent where T : unmanaged
{
    private readonly ReadOnlySpan<T> _source = source;

    public void WriteTo(NativeSegment segment, SegmentLayout layout)
    {
        segment.Prefault();
        _source.CopyTo(new Span<T>(segment.Address + layout.DataOffset, _source.Length));
    }
}

/// <summary>The data of a file (<c>to_file</c> or <c>.npy</c>) from <paramref name="dataOffset"/> on; a file that ends early is a format error naming it.</summary>
internal readonly struct FileContent(SafeFileHandle file, long dataOffset, string path, string name, Action<long>? progress) : ISegmentContent
{
    public void WriteTo(NativeSegment segment, SegmentLayout layout)
    {
        try
        {
            segment.PrepareForCopy();
            segment.CopyFromFile(file, dataOffset, layout.DataOffset, layout.DataBytes, progress);
        }
        catch (EndOfStreamException e)
        {
            throw new SharedArrayFormatException($"File '{path}' (for shared array '{name}') is truncated: {e.Message}.", e);
        }
    }
}
