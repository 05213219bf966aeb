using Microsoft.Win32.SafeHandles;

namespace SharedTyped;

/// <summary>
/// The bytes of one <c>.npy</c> array, wherever they are: a file of its own, or a member of a <c>.npz</c>
/// archive (stored or deflated). The header reader and the load read through this, so a <c>.npz</c> member takes
/// the very same path into a segment as a <c>.npy</c> file.
/// </summary>
internal abstract unsafe class NpyBytes : IDisposable
{
    /// <summary>How many bytes the array's <c>.npy</c> form has.</summary>
    public abstract long Length { get; }

    /// <summary>Reads up to <paramref name="buffer"/>'s length at <paramref name="offset"/>; fewer only at the end.</summary>
    public abstract int ReadAt(Span<byte> buffer, long offset);

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="offset"/> (at or after everything read so far) into the segment.</summary>
    /// <exception cref="EndOfStreamException">The bytes end early.</exception>
    public abstract void CopyInto(NativeSegment native, long offset, long segmentOffset, long count, Action<long>? progress);

    public abstract void Dispose();

    /// <summary>A <c>.npy</c> file; a <c>.npz</c> archive is refused with the names of its members.</summary>
    public static NpyBytes OpenFile(string path, string action, string subject)
    {
        var handle = DataFile.OpenForReading(path, action);
        try
        {
            Span<byte> start = stackalloc byte[4];
            if (RandomAccess.Read(handle, start, 0) == 4 && NpzArchive.IsZip(start))
            {
                throw NpzArchive.NameAMember(path, subject);
            }
            return new FileBytes(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private sealed class FileBytes(SafeFileHandle file) : NpyBytes
    {
        public override long Length => RandomAccess.GetLength(file);

        public override int ReadAt(Span<byte> buffer, long offset)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(file, buffer[read..], offset + read);
                if (n <= 0)
                {
                    break;
                }
                read += n;
            }
            return read;
        }

        public override void CopyInto(NativeSegment native, long offset, long segmentOffset, long count, Action<long>? progress) =>
            native.CopyFromFile(file, offset, segmentOffset, count, progress);

        public override void Dispose() => file.Dispose();
    }

    /// <summary>
    /// A stream read once from the start (a decompressing one, say): what the header reader asks for is kept, so it
    /// may read the same bytes twice; the data is then copied straight from the stream into the segment.
    /// </summary>
    public sealed class StreamBytes(Stream stream, long length, IDisposable owner) : NpyBytes
    {
        private byte[] _prefix = new byte[256];
        private int _buffered;

        public override long Length => length;

        public override int ReadAt(Span<byte> buffer, long offset)
        {
            var end = (int)Math.Min(length, offset + buffer.Length);
            Fill(end);
            var available = Math.Max(0, Math.Min(end, _buffered) - (int)offset);
            _prefix.AsSpan((int)offset, available).CopyTo(buffer);
            return available;
        }

        private void Fill(int end)
        {
            if (end > _prefix.Length)
            {
                Array.Resize(ref _prefix, Math.Max(end, _prefix.Length * 2));
            }
            while (_buffered < end)
            {
                var n = stream.Read(_prefix, _buffered, end - _buffered);
                if (n <= 0)
                {
                    break;
                }
                _buffered += n;
            }
        }

        public override void CopyInto(NativeSegment native, long offset, long segmentOffset, long count, Action<long>? progress)
        {
            // Bytes the header reader already took from the stream come first, from the prefix.
            Fill((int)Math.Min(offset, int.MaxValue));
            var fromPrefix = (int)Math.Clamp(_buffered - offset, 0, count);
            _prefix.AsSpan((int)Math.Min(offset, _buffered), fromPrefix).CopyTo(new Span<byte>(native.Address + segmentOffset, fromPrefix));
            long done = fromPrefix;
            const int chunk = 8 << 20;
            while (done < count)
            {
                var n = stream.Read(new Span<byte>(native.Address + segmentOffset + done, (int)Math.Min(chunk, count - done)));
                if (n <= 0)
                {
                    throw new EndOfStreamException($"the data ended {count - done} bytes early");
                }
                done += n;
                progress?.Invoke(done);
            }
        }

        public override void Dispose()
        {
            stream.Dispose();
            owner.Dispose();
        }
    }
}

/// <summary>The data of <c>.npy</c> bytes (a file, or a <c>.npz</c> member) from <paramref name="dataOffset"/> on; bytes that end early are a format error naming them.</summary>
internal readonly struct NpyContent(NpyBytes bytes, long dataOffset, string subject, Action<long>? progress) : ISegmentContent
{
    public void WriteTo(NativeSegment segment, SegmentLayout layout)
    {
        try
        {
            segment.PrepareForCopy();
            bytes.CopyInto(segment, dataOffset, layout.DataOffset, layout.DataBytes, progress);
        }
        catch (EndOfStreamException e)
        {
            throw new SharedArrayFormatException($"{subject} is truncated: {e.Message}.", e);
        }
    }
}
