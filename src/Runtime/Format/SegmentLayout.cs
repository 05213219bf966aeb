using System.Buffers.Binary;

namespace SharedTyped;

/// <summary>
/// Where everything sits in a segment or a <c>to_file</c> file: the big-endian header of docs/format.md,
/// the 16-byte type record that SharedTyped's extension codes add after it, the aligned data, and
/// after the data (at the next 64-byte boundary) the sync block of src/Runtime/Sync/SyncBlock.cs,
/// which cdxcore and numpy never read.
/// </summary>
internal sealed class SegmentLayout
{
    /// <summary>numpy allows at most 64 dimensions; more in a header is a lie, not an array.</summary>
    public const int MaxRank = 64;

    /// <summary>Largest element an extension struct may declare; a bigger one is a corrupt header.</summary>
    public const int MaxStructSize = 1 << 20;

    /// <summary>The type record's first four bytes, "STX1" (docs/format.md, "The type record").</summary>
    public const uint ExtensionMagic = 0x53545831;

    /// <summary>Bytes of the type record after the header of an extension code.</summary>
    public const int ExtensionRecordLength = 16;

    private SegmentLayout(DTypeCode code, long[] shape, int itemSize, ulong typeHash, int alignment)
    {
        Code = code;
        Shape = shape;
        ItemSize = itemSize;
        TypeHash = typeHash;
        HeaderLength = 8 + 8 * shape.Length;
        var prefix = HeaderLength + (IsExtension ? ExtensionRecordLength : 0);
        DataOffset = (prefix + alignment - 1) / alignment * alignment;
        // An empty dimension makes the array empty whatever the others say (numpy agrees), so the
        // product must not overflow on the way to zero.
        ElementCount = shape.Contains(0) ? 0 : 1;
        foreach (var d in shape)
        {
            ElementCount = ElementCount == 0 ? 0 : checked(ElementCount * d);
        }
        DataBytes = checked(ElementCount * itemSize);
        RequiredBytes = checked(DataOffset + DataBytes);
        SyncBlockOffset = checked((RequiredBytes + SyncBlock.Alignment - 1) / SyncBlock.Alignment * SyncBlock.Alignment);
        TotalBytes = checked(SyncBlockOffset + SyncBlock.Length);
    }

    public DTypeCode Code { get; }
    public long[] Shape { get; }
    public int ItemSize { get; }
    public ulong TypeHash { get; }
    public int HeaderLength { get; }
    public long DataOffset { get; }
    public long ElementCount { get; }
    public long DataBytes { get; }

    /// <summary>Bytes a segment must have to hold the aligned header and the data, as cdxcore makes it.</summary>
    public long RequiredBytes { get; }

    /// <summary>Where the sync block sits in a segment SharedTyped created: the first 64-byte boundary at or past the data's end.</summary>
    public long SyncBlockOffset { get; }

    /// <summary>Bytes of a segment SharedTyped creates: the aligned header, the data and the sync block.</summary>
    public long TotalBytes { get; }

    /// <summary>Bytes of header a <c>to_file</c> file carries before its data (no alignment padding).</summary>
    public int FileHeaderLength => HeaderLength + (IsExtension ? ExtensionRecordLength : 0);

    public bool IsExtension => (byte)Code >= DTypeCodes.FirstExtension;

    /// <summary>The layout for a new array of <typeparamref name="T"/>; bad shapes throw naming the array.</summary>
    public static SegmentLayout For<T>(string name, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var dims = shape.ToArray();
        if (dims.Length > MaxRank)
        {
            throw new ArgumentException(
                $"{Describe.Array<T>(name, dims)}: rank {dims.Length} exceeds the maximum of {MaxRank}.", nameof(shape));
        }
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), dims[i],
                    $"{Describe.Array<T>(name, dims)}: dimension {i} is {dims[i]}; dimensions must be zero or positive.");
            }
        }
        try
        {
            return new SegmentLayout(ElementType<T>.Code, dims, ElementType<T>.Size, ElementType<T>.TypeHash,
                Math.Max(SharedArray.Alignment, ElementType<T>.Alignment));
        }
        catch (OverflowException e)
        {
            throw new ArgumentException(
                $"{Describe.Array<T>(name, dims)}: the size in bytes overflows a 64-bit integer.", nameof(shape), e);
        }
    }

    /// <summary>
    /// Reads and checks a header. <paramref name="available"/> holds the first bytes of the segment or
    /// file; <paramref name="totalLength"/> is its whole length. Every field is checked against the
    /// length before it is believed, so a lying header throws instead of leading a read astray.
    /// </summary>
    public static SegmentLayout Parse(ReadOnlySpan<byte> available, long totalLength, HeaderSubject subject, bool isFile)
    {
        var what = isFile ? "file" : "segment";
        if (totalLength < 8 || available.Length < 8)
        {
            throw Corrupt(subject, $"the {what} is {totalLength} bytes, shorter than the 8-byte header prefix");
        }
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(available);
        var code = available[4];
        var rank = (available[5] << 16) | (available[6] << 8) | available[7];
        if (rank > MaxRank)
        {
            throw Corrupt(subject, $"the header claims rank {rank}, more than the maximum of {MaxRank}");
        }
        if (headerLength != 8 + 8 * (uint)rank)
        {
            throw Corrupt(subject, $"the header length is {headerLength} but rank {rank} needs {8 + 8 * rank}");
        }
        if (headerLength > totalLength || headerLength > available.Length)
        {
            throw Corrupt(subject, $"the {what} is {totalLength} bytes, shorter than its {headerLength}-byte header");
        }
        if (!DTypeCodes.IsKnown(code))
        {
            throw Corrupt(subject, $"unknown dtype code {code}");
        }
        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadUInt64BigEndian(available.Slice(8 + 8 * i));
            if (d > long.MaxValue)
            {
                throw Corrupt(subject, $"dimension {i} is {d}, beyond a signed 64-bit size");
            }
            shape[i] = (long)d;
        }
        var dtype = (DTypeCode)code;
        var itemSize = DTypeCodes.ItemSize(dtype);
        ulong typeHash = 0;
        if (code >= DTypeCodes.FirstExtension)
        {
            if (headerLength + ExtensionRecordLength > totalLength || headerLength + ExtensionRecordLength > available.Length)
            {
                throw Corrupt(subject, $"the {what} ends before the type record of extension code {code}");
            }
            var record = available.Slice((int)headerLength, ExtensionRecordLength);
            if (BinaryPrimitives.ReadUInt32BigEndian(record) != ExtensionMagic)
            {
                throw Corrupt(subject, $"extension code {code} lacks its type record");
            }
            var recordedSize = BinaryPrimitives.ReadUInt32BigEndian(record.Slice(4));
            if (dtype == DTypeCode.Struct)
            {
                // Only a struct is told apart by its name's hash; the other codes name their type already.
                typeHash = BinaryPrimitives.ReadUInt64BigEndian(record.Slice(8));
                if (recordedSize == 0 || recordedSize > MaxStructSize)
                {
                    throw Corrupt(subject, $"the struct element size {recordedSize} is out of range");
                }
                itemSize = (int)recordedSize;
            }
            else if (recordedSize != itemSize)
            {
                throw Corrupt(subject, $"the type record says {recordedSize}-byte elements, code {code} has {itemSize}");
            }
        }
        SegmentLayout layout;
        try
        {
            layout = new SegmentLayout(dtype, shape, itemSize, typeHash, SharedArray.Alignment);
        }
        catch (OverflowException)
        {
            throw Corrupt(subject, $"shape {Describe.Shape(shape)} of {DTypeCodes.Name(dtype)} overflows a 64-bit size");
        }
        // A segment without a sync block (cdxcore's, numpy's) is valid: only header and data must fit.
        var needed = isFile ? layout.FileHeaderLength + layout.DataBytes : layout.RequiredBytes;
        if (needed > totalLength)
        {
            throw Corrupt(subject,
                $"the {what} is {totalLength} bytes but shape {Describe.Shape(shape)} of {DTypeCodes.Name(dtype)} needs {needed}");
        }
        return layout;
    }

    /// <summary>Writes the header (and the type record of an extension code) at the start of <paramref name="destination"/>.</summary>
    public void WriteHeader(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)HeaderLength);
        destination[4] = (byte)Code;
        destination[5] = (byte)(Shape.Length >> 16);
        destination[6] = (byte)(Shape.Length >> 8);
        destination[7] = (byte)Shape.Length;
        for (var i = 0; i < Shape.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8 + 8 * i), (ulong)Shape[i]);
        }
        if (IsExtension)
        {
            var record = destination.Slice(HeaderLength, ExtensionRecordLength);
            BinaryPrimitives.WriteUInt32BigEndian(record, ExtensionMagic);
            BinaryPrimitives.WriteUInt32BigEndian(record.Slice(4), (uint)ItemSize);
            BinaryPrimitives.WriteUInt64BigEndian(record.Slice(8), TypeHash);
        }
    }

    /// <summary>
    /// Writes what a new segment of <see cref="TotalBytes"/> zero bytes at <paramref name="segment"/>
    /// holds before its data is filled in: the header (and type record) and the sync block's identity.
    /// The header's first word (the header length, never 0 in a whole header) is written only when
    /// <paramref name="withFirstWord"/>, after every other byte of the header, and is returned as it is
    /// stored: where a segment is visible while it is built (Windows), it is written last, at publication,
    /// so that an attacher never sees a first word before the rest of the header.
    /// </summary>
    public unsafe uint WriteSegmentHeader(byte* segment, bool withFirstWord = true)
    {
        Span<byte> header = stackalloc byte[FileHeaderLength];
        header.Clear();
        WriteHeader(header);
        header[sizeof(uint)..].CopyTo(new Span<byte>(segment + sizeof(uint), FileHeaderLength - sizeof(uint)));
        SyncBlock.Initialize(segment + SyncBlockOffset);
        var firstWord = System.Runtime.InteropServices.MemoryMarshal.Read<uint>(header);
        if (withFirstWord)
        {
            Volatile.Write(ref *(uint*)segment, firstWord);
        }
        return firstWord;
    }

    /// <summary>The header as a <c>to_file</c> file starts with it.</summary>
    public byte[] FileHeader()
    {
        var bytes = new byte[FileHeaderLength];
        WriteHeader(bytes);
        return bytes;
    }

    /// <summary>Throws unless this layout holds <typeparamref name="T"/> elements and matches <paramref name="expectedShape"/> (-1 matches any extent).</summary>
    public void Check<T>(string name, ReadOnlySpan<long> expectedShape, bool checkShape) where T : unmanaged
    {
        if (Code != ElementType<T>.Code || ItemSize != ElementType<T>.Size || TypeHash != ElementType<T>.TypeHash)
        {
            var found = Code == DTypeCode.Struct ? $"a {ItemSize}-byte struct of another type" : DTypeCodes.Name(Code);
            throw new SharedArrayMismatchException(
                $"Shared array '{name}' has element type {found} and shape {Describe.Shape(Shape)}; expected {Describe.TypeAndCode<T>()}.");
        }
        if (!checkShape)
        {
            return;
        }
        var matches = expectedShape.Length == Shape.Length;
        for (var i = 0; matches && i < Shape.Length; i++)
        {
            matches = expectedShape[i] == -1 || expectedShape[i] == Shape[i];
        }
        if (!matches)
        {
            throw new SharedArrayMismatchException(
                $"Shared array '{name}' of {ElementType<T>.Name} has shape {Describe.Shape(Shape)}, expected {Describe.Shape(expectedShape)}.");
        }
    }

    private static SharedArrayFormatException Corrupt(HeaderSubject subject, string what) =>
        new($"{subject} has an invalid header: {what}.");

    /// <summary>The most header bytes any valid segment or file can have: the full prefix to read before parsing.</summary>
    public const int MaxHeaderBytes = 8 + 8 * MaxRank + ExtensionRecordLength;
}
