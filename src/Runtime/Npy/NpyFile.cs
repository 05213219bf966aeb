namespace SharedTyped;

/// <summary>
/// numpy's <c>.npy</c> files: <see cref="Load{T}(string, string, LoadOptions?)"/> reads one straight into
/// a new shared array (format versions 1.0, 2.0 and 3.0, little-endian, C order), and <c>SaveNpy</c>
/// writes a shared array as a file that <c>numpy.load</c> reads.
/// </summary>
/// <example>
/// <code>
/// // Python: np.save("prices.npy", np.zeros((10, 3)))
/// using var prices = NpyFile.Load&lt;double&gt;("prices.npy", "prices").Array;
/// prices[3, 1] = 42;
/// prices.SaveNpy("prices-out.npy", options: new SaveOptions { Overwrite = true }); // Python: np.load("prices-out.npy")
/// </code>
/// </example>
/// <remarks>
/// <para>dtypes map to element types as in the <see cref="DTypeCode"/> table: <c>&lt;f8</c> is <see cref="double"/>,
/// <c>|b1</c> <see cref="bool"/>, <c>&lt;c16</c> <see cref="System.Numerics.Complex"/>, <c>|u1</c> <see cref="byte"/>, and so on.</para>
/// <para><b>Time units.</b> <see cref="DateTime64"/> and <see cref="TimeDelta64"/> hold a tick count without a
/// unit, like cdxcore's header (codes 13 and 14). A <c>datetime64[ns]</c> (or any other unit) file loads with its
/// tick counts unchanged; the unit is not kept in the segment, and <see cref="ReadHeader"/> reports it as
/// <see cref="NpyHeader.TimeUnit"/>. Saving writes the generic unit (<c>&lt;M8</c>) unless a unit is passed.</para>
/// <para>Refused, with a message naming the file and what it found: Fortran order, big-endian elements, dtypes
/// with no element type here (strings, objects, records, <c>float128</c>), an element type other than
/// the element type asked for, and truncated or malformed files.</para>
/// </remarks>
public static unsafe class NpyFile
{
    private static ISharedMemoryPlatform Platform => SharedMemoryPlatform.Current;

    /// <summary>Reads the header of a <c>.npy</c> file: dtype, order, shape, version.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">Not a valid <c>.npy</c> file.</exception>
    /// <exception cref="SharedArrayFormatException">Not a valid <c>.npy</c> file; a <c>.npz</c> archive, with the names of its members.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        using var file = NpyBytes.OpenFile(path, $"Cannot read '{path}'", $"File '{path}'");
        return NpyHeader.Read(file, $"File '{path}'");
    }

    /// <summary>The arrays in a <c>.npz</c> archive (<c>np.savez</c>, <c>np.savez_compressed</c>), as numpy names them: <c>np.load(path).files</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SharedArrayFormatException">Not a zip archive.</exception>
    public static IReadOnlyList<string> Members(string path) => NpzArchive.Members(path, $"Cannot read '{path}'");

    /// <summary>Reads the header of member <paramref name="member"/> (<c>a</c> or <c>a.npy</c>) of a <c>.npz</c> archive.</summary>
    /// <exception cref="FileNotFoundException">The archive, or the member in it, does not exist; the message names the members there are.</exception>
    public static NpyHeader ReadMemberHeader(string path, string member)
    {
        var subject = $"Member '{member}' of '{path}'";
        using var bytes = NpzArchive.OpenMember(path, member, $"Cannot read '{path}'");
        return NpyHeader.Read(bytes, subject);
    }

    /// <summary>
    /// Reads member <paramref name="member"/> (<c>a</c> or <c>a.npy</c>) of a <c>.npz</c> archive, stored or deflated, into a
    /// new shared array, exactly as <see cref="Load{T}(string, string, LoadOptions?)"/> reads a <c>.npy</c> file (the member is
    /// streamed, never unpacked to disk).
    /// </summary>
    /// <exception cref="FileNotFoundException">The archive, or the member in it, does not exist; the message names the members there are.</exception>
    public static LoadResult<T> LoadMember<T>(string path, string member, string name, LoadOptions? options = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(member);
        SegmentName.Validate(name, Platform.MaxNameBytes);
        var subject = $"Member '{member}' of '{path}' (for shared array '{name}')";
        using var bytes = NpzArchive.OpenMember(path, member, $"Cannot load shared array '{name}'");
        return Load<T>(bytes, $"{path}:{member}", subject, name, default, checkShape: false, options, progress: null);
    }

    /// <summary>
    /// Reads a <c>.npy</c> file into a new shared array named <paramref name="name"/>; with
    /// <see cref="LoadOptions.AcceptExisting"/> an existing array of the same element type and shape is
    /// attached instead. All or nothing: a file that fails half way leaves no segment behind.
    /// </summary>
    /// <exception cref="NotSupportedException">Fortran order, big-endian elements, or a dtype with no element type here.</exception>
    /// <exception cref="SharedArrayMismatchException">The file's dtype is not <typeparamref name="T"/>.</exception>
    /// <exception cref="SharedArrayFormatException">Not a valid <c>.npy</c> file, or truncated.</exception>
    /// <exception cref="SharedArrayExistsException">The name is taken (and not accepted as existing).</exception>
    public static LoadResult<T> Load<T>(string path, string name, LoadOptions? options = null) where T : unmanaged =>
        Load<T>(path, name, default, checkShape: false, options, progress: null);

    /// <summary>Like <see cref="Load{T}(string, string, LoadOptions?)"/>, checking the file's shape first; <c>-1</c> matches any extent.</summary>
    public static LoadResult<T> Load<T>(string path, string name, ReadOnlySpan<long> expectedShape, LoadOptions? options = null) where T : unmanaged =>
        Load<T>(path, name, expectedShape, checkShape: true, options, progress: null);

    internal static LoadResult<T> Load<T>(string path, string name, ReadOnlySpan<long> expectedShape, bool checkShape,
        LoadOptions? options, Action<long>? progress) where T : unmanaged
    {
        SegmentName.Validate(name, Platform.MaxNameBytes);
        var subject = $"File '{path}' (for shared array '{name}')";
        using var file = NpyBytes.OpenFile(path, $"Cannot load shared array '{name}'", subject);
        return Load<T>(file, path, subject, name, expectedShape, checkShape, options, progress);
    }

    /// <summary>The one way from .npy bytes (a file, or a .npz member) into a segment.</summary>
    private static LoadResult<T> Load<T>(NpyBytes file, string path, string subject, string name, ReadOnlySpan<long> expectedShape, bool checkShape,
        LoadOptions? options, Action<long>? progress) where T : unmanaged
    {
        options ??= LoadOptions.Default;
        progress ??= options.Progress is { } reporter ? reporter.Report : null;
        var header = NpyHeader.Read(file, subject);
        Refuse(header, subject);
        var shape = header.Shape.ToArray();
        if (header.ElementCode != ElementType<T>.Code || DTypeCodes.ItemSize(header.ElementCode.Value) != ElementType<T>.Size)
        {
            throw new SharedArrayMismatchException(
                $"{subject} holds '{header.Descr}' ({DTypeCodes.Name(header.ElementCode!.Value)}) with shape {Describe.Shape(shape)}; expected {Describe.TypeAndCode<T>()}.");
        }
        var layout = SegmentLayout.For<T>(name, shape);
        layout.Check<T>(name, expectedShape, checkShape);
        // The one load transaction of SharedArray.Load: the same attach, build, holder state and publication.
        var content = new NpyContent(file, header.DataOffset, subject, progress);
        var (mapping, attached) = SharedArray.LoadMapping<T, NpyContent>(path, name, layout, options, writable: true, ref content);
        return new LoadResult<T>(new SharedArray<T>(mapping, name, options.Lifetime, options.Logger), attached);
    }

    /// <summary>
    /// Writes the array to <paramref name="path"/> as a <c>.npy</c> file (format 1.0, or 2.0 for a header too
    /// long for 1.0), written beside the target and renamed into place so a reader never sees half a file.
    /// </summary>
    /// <param name="array">The array to save.</param>
    /// <param name="path">The file to write; an existing file is replaced only with <see cref="SaveOptions.Overwrite"/>, and a link, directory, FIFO, socket or device never.</param>
    /// <param name="options">Whether an existing file may be replaced (null: never), and the time unit of a <see cref="DateTime64"/>/<see cref="TimeDelta64"/> array (<see cref="SaveOptions.TimeUnit"/>).</param>
    /// <exception cref="NotSupportedException">The element type has no numpy dtype (<see cref="decimal"/>, custom structs).</exception>
    /// <exception cref="ArgumentException">A time unit that is not numpy's, or one for elements that are not times.</exception>
    /// <exception cref="SharedArrayFileExistsException">A file is there and <paramref name="options"/> does not say to overwrite it.</exception>
    /// <exception cref="IOException">A link, directory, FIFO, socket or device is at the path.</exception>
    public static void SaveNpy<T>(this SharedArray<T> array, string path, SaveOptions? options = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        NpyWriter.Save(Describe.Array<T>(array.Name, array.Shape), array.Name, array.Shape, ElementType<T>.Code,
            (byte*)array.DangerousGetPointer(), array.ByteLength, path, options ?? SaveOptions.Default, new ActivityLog(array.Logger));
    }

    /// <inheritdoc cref="SaveNpy{T}(SharedArray{T}, string, SaveOptions?)"/>
    public static void SaveNpy<T>(this ReadOnlySharedArray<T> array, string path, SaveOptions? options = null) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        NpyWriter.Save(Describe.Array<T>(array.Name, array.Shape), array.Name, array.Shape, ElementType<T>.Code,
            (byte*)array.DangerousGetPointer(), array.ByteLength, path, options ?? SaveOptions.Default, new ActivityLog(array.Logger));
    }

    private static void Refuse(NpyHeader header, string subject)
    {
        if (header.FortranOrder)
        {
            throw new NotSupportedException(
                $"{subject} is in Fortran order (fortran_order: True, shape {Describe.Shape(header.Shape.ToArray())}); only C order loads. In numpy: np.save(path, np.ascontiguousarray(a)).");
        }
        if (header.ElementCode is null)
        {
            throw new NotSupportedException(
                $"{subject} has dtype '{header.Descr}', which has no SharedTyped element type.");
        }
        if (header.IsBigEndian)
        {
            throw new NotSupportedException(
                $"{subject} is big-endian (dtype '{header.Descr}'); only little-endian files load. In numpy: np.save(path, a.astype(a.dtype.newbyteorder('<'))).");
        }
    }
}
