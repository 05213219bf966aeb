using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SharedTyped;

/// <summary>Writes <c>.npy</c> files the way <c>numpy.save</c> does: a padded header dictionary, then the elements in C order.</summary>
internal static unsafe class NpyWriter
{
    /// <summary>numpy pads the header so the data starts on a multiple of this, for memory-mapped reads.</summary>
    private const int DataAlignment = 64;

    public static void Save(string array, string name, ReadOnlySpan<long> shape, DTypeCode code, byte* data, long byteLength,
        string path, SaveOptions options, ActivityLog log)
    {
        var timeUnit = options.TimeUnit;
        if (timeUnit is not null)
        {
            if (code is not (DTypeCode.DateTime64 or DTypeCode.TimeDelta64))
            {
                throw new ArgumentException($"{array}: a time unit ('{timeUnit}') applies only to DateTime64 and TimeDelta64 elements.", nameof(options));
            }
            if (!NpyDescr.IsTimeUnit(timeUnit))
            {
                throw new ArgumentException($"{array}: '{timeUnit}' is not a numpy time unit (Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, optionally with a multiplier).", nameof(options));
            }
        }
        var descr = NpyDescr.For(code, timeUnit)
            ?? throw new NotSupportedException($"{array} cannot be saved as .npy: numpy has no dtype for {DTypeCodes.Name(code)} elements.");
        var header = Header(descr, shape);

        using var target = new DataFile.Replacement(path, name, options.Overwrite);
        target.Stream.Write(header);
        const int chunk = 16 << 20;
        for (long done = 0; done < byteLength; done += chunk)
        {
            target.Stream.Write(new ReadOnlySpan<byte>(data + done, (int)Math.Min(chunk, byteLength - done)));
        }
        target.Commit();
        log.Saved(name, target.FullPath);
    }

    /// <summary>
    /// The preamble and the space-padded dictionary: version 1.0, or 2.0 when the dictionary outgrows 1.0's 16-bit
    /// length; 3.0 (UTF-8) when it is not ASCII, as 1.0 and 2.0 headers are latin-1. Lengths count bytes, not chars.
    /// </summary>
    public static byte[] Header(string descr, ReadOnlySpan<long> shape)
    {
        var dict = Encoding.UTF8.GetBytes($"{{'descr': '{descr}', 'fortran_order': False, 'shape': {NumpyShape.Format(shape.ToArray())}, }}");

        int major;
        int preamble;
        if (!Ascii.IsValid(dict))
        {
            (major, preamble) = (3, 12);
        }
        else if (Align(10 + dict.Length + 1) - 10 <= ushort.MaxValue)
        {
            (major, preamble) = (1, 10);
        }
        else
        {
            (major, preamble) = (2, 12);
        }
        var total = Align(preamble + dict.Length + 1);
        var bytes = new byte[total];
        NpyHeader.Magic.CopyTo(bytes);
        bytes[6] = (byte)major;
        bytes[7] = 0;
        var headerLength = total - preamble;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }
        var text = bytes.AsSpan(preamble, headerLength);
        text.Fill((byte)' ');
        dict.CopyTo(text);
        text[^1] = (byte)'\n';
        return bytes;
    }

    private static int Align(int length) => (length + DataAlignment - 1) / DataAlignment * DataAlignment;
}
