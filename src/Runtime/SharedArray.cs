using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace SharedTyped;

/// <summary>
/// Creates, attaches to, loads and deletes named shared arrays: the .NET counterpart of cdxcore's
/// <c>npshm</c> (<c>create_shared_array</c>, <c>attach_shared_array</c>, <c>read_shared_array</c>,
/// <c>delete_shared_array</c>), byte-compatible with it for cdxcore's dtypes.
/// </summary>
/// <example>
/// <code>
/// using var prices = SharedArray.Create&lt;double&gt;("prices", [10, 3], fill: 0.0);
/// prices[3, 1] = 42;
/// // another process:
/// using var view = SharedArray.Attach&lt;double&gt;("prices", [10, 3]);
/// </code>
/// </example>
public static unsafe partial class SharedArray
{
    /// <summary>The data of every segment starts at a multiple of this many bytes (cdxcore's <c>ALIGN</c>), which suits AVX-512 loads.</summary>
    public const int Alignment = 64;

    private static ISharedMemoryPlatform Platform => SharedMemoryPlatform.Current;

    /// <summary>Creates a new zero-filled shared array.</summary>
    /// <exception cref="SharedArrayExistsException">The name is taken and <see cref="CreateOptions.Force"/> is off.</exception>
    /// <exception cref="SharedArrayOutOfSpaceException">The shared-memory file system cannot hold it.</exception>
    /// <exception cref="ArgumentException">An invalid name, a negative dimension or a size that overflows.</exception>
    public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, CreateOptions? options = null) where T : unmanaged =>
        Create(name, shape, default(T), ReadOnlySpan<T>.Empty, hasSource: false, options);

    /// <summary>Creates a new shared array with every element set to <paramref name="fill"/> (cdxcore's <c>full=</c>).</summary>
    public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, T fill, CreateOptions? options = null) where T : unmanaged =>
        Create(name, shape, fill, ReadOnlySpan<T>.Empty, hasSource: false, options);

    /// <summary>Creates a new shared array holding a copy of <paramref name="source"/>, which must have exactly as many elements as the shape.</summary>
    public static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, ReadOnlySpan<T> source, CreateOptions? options = null) where T : unmanaged =>
        Create(name, shape, default, source, hasSource: true, options);

    /// <summary>Like <see cref="Create{T}(string, ReadOnlySpan{long}, CreateOptions?)"/>, but returns false instead of throwing when the name exists (cdxcore's <c>raise_on_error=False</c>).</summary>
    public static bool TryCreate<T>(string name, ReadOnlySpan<long> shape, [NotNullWhen(true)] out SharedArray<T>? array, CreateOptions? options = null) where T : unmanaged =>
        TryCreate(name, shape, default(T), out array, options);

    /// <summary>Like <see cref="Create{T}(string, ReadOnlySpan{long}, T, CreateOptions?)"/>, but returns false instead of throwing when the name exists.</summary>
    public static bool TryCreate<T>(string name, ReadOnlySpan<long> shape, T fill, [NotNullWhen(true)] out SharedArray<T>? array, CreateOptions? options = null) where T : unmanaged
    {
        try
        {
            array = Create(name, shape, fill, ReadOnlySpan<T>.Empty, hasSource: false, options);
            return true;
        }
        catch (SharedArrayExistsException)
        {
            array = null;
            return false;
        }
    }

    /// <summary>Like <see cref="Create{T}(string, ReadOnlySpan{long}, ReadOnlySpan{T}, CreateOptions?)"/>, but returns false instead of throwing when the name exists.</summary>
    public static bool TryCreate<T>(string name, ReadOnlySpan<long> shape, ReadOnlySpan<T> source, [NotNullWhen(true)] out SharedArray<T>? array, CreateOptions? options = null) where T : unmanaged
    {
        try
        {
            array = Create(name, shape, default, source, hasSource: true, options);
            return true;
        }
        catch (SharedArrayExistsException)
        {
            array = null;
            return false;
        }
    }

    /// <summary>
    /// Creates the array, or attaches to it when another process created it first; exactly one of many
    /// racing processes gets <paramref name="created"/> = true. An existing array must match type and shape.
    /// A segment that another process is still creating (on Windows a mapping is named before it is whole)
    /// is waited for, up to <see cref="CreateOptions.PublicationTimeout"/>, and then attached.
    /// </summary>
    /// <exception cref="SharedArrayMismatchException">The existing array has another element type or shape.</exception>
    /// <exception cref="TimeoutException">Another process was still creating the segment after <see cref="CreateOptions.PublicationTimeout"/>; the message names the array.</exception>
    public static SharedArray<T> CreateOrAttach<T>(string name, ReadOnlySpan<long> shape, out bool created, CreateOptions? options = null) where T : unmanaged
    {
        options ??= CreateOptions.Default;
        var timeout = options.PublicationTimeout;
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), timeout,
                $"{Describe.Array<T>(name, shape)}: CreateOptions.PublicationTimeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
        var attach = new AttachOptions { Lifetime = options.Lifetime, Directory = options.Directory, Logger = options.Logger };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        INameWatch? watch = null;
        try
        {
            for (var vanished = 0; ; )
            {
                if (TryCreate<T>(name, shape, out var array, options with { Force = false }))
                {
                    created = true;
                    return array;
                }
                if (TryAttach(name, shape, out array, attach))
                {
                    created = false;
                    return array;
                }
                var pending = Platform.Pending(name, options.Directory);
                if (pending == PendingName.Deleted)
                {
                    throw new SharedArrayExistsException(
                        $"{Describe.Array<T>(name, shape)}: the name is held by a segment that was deleted and that a process still has open; " +
                        "Windows frees the name when its last holder lets go, and no one can attach the deleted segment (docs/guarantees.md, \"Windows\").");
                }
                if (pending == PendingName.None)
                {
                    // Taken when we created, gone when we attached: deleted in between, so create again.
                    if (++vanished > 100)
                    {
                        throw new IOException($"{Describe.Array<T>(name, shape)}: the name kept appearing and vanishing; gave up after {vanished} attempts.");
                    }
                    continue;
                }
                // Named but not published yet (Windows): its creator is still writing it. Wait for the
                // publication, which wakes the name watch, rather than take the name for vanished.
                var left = timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
                {
                    throw new TimeoutException(
                        $"{Describe.Array<T>(name, shape)}: another process was still creating the segment under the name after {timeout} " +
                        $"('{Platform.Locate(name, options.Directory)}' is named but its header is not complete); CreateOrAttach waits that long " +
                        "for its publication (CreateOptions.PublicationTimeout).");
                }
                if (watch is null)
                {
                    // Started before the next attempt, so that a publication between that attempt and the sleep still wakes it.
                    watch = NameWatch.Start(name, options.Directory, Describe.Array<T>(name, shape));
                    continue;
                }
                watch.Wait(left);
            }
        }
        finally
        {
            watch?.Dispose();
        }
    }

    /// <summary>Attaches to an existing shared array of any shape; the element type is the dtype check.</summary>
    /// <exception cref="SharedArrayNotFoundException">No segment has that name.</exception>
    /// <exception cref="SharedArrayMismatchException">The segment holds another element type.</exception>
    /// <exception cref="SharedArrayFormatException">The segment's header is corrupt.</exception>
    public static SharedArray<T> Attach<T>(string name, AttachOptions? options = null) where T : unmanaged =>
        Attach<T>(name, default, checkShape: false, options);

    /// <summary>Attaches to an existing shared array and checks its shape; <c>-1</c> in <paramref name="expectedShape"/> matches any extent.</summary>
    public static SharedArray<T> Attach<T>(string name, ReadOnlySpan<long> expectedShape, AttachOptions? options = null) where T : unmanaged =>
        Attach<T>(name, expectedShape, checkShape: true, options);

    /// <summary>Attaches, or returns false when no segment has that name; a mismatch still throws.</summary>
    public static bool TryAttach<T>(string name, [NotNullWhen(true)] out SharedArray<T>? array, AttachOptions? options = null) where T : unmanaged =>
        (array = TryAttachCore<T>(name, default, checkShape: false, writable: true, options) is { } m ? Wrap<T>(m, name, options) : null) is not null;

    /// <summary>Attaches with a shape check, or returns false when no segment has that name; a mismatch still throws.</summary>
    public static bool TryAttach<T>(string name, ReadOnlySpan<long> expectedShape, [NotNullWhen(true)] out SharedArray<T>? array, AttachOptions? options = null) where T : unmanaged =>
        (array = TryAttachCore<T>(name, expectedShape, checkShape: true, writable: true, options) is { } m ? Wrap<T>(m, name, options) : null) is not null;

    /// <summary>Attaches read-only (cdxcore's <c>read_only=True</c>): the memory is mapped read-only and the type has no write API.</summary>
    public static ReadOnlySharedArray<T> AttachReadOnly<T>(string name, AttachOptions? options = null) where T : unmanaged =>
        WrapReadOnly<T>(TryAttachCore<T>(name, default, checkShape: false, writable: false, options) ?? throw NotFound<T>(name, default, checkShape: false, options?.Directory), name, options);

    /// <summary>Attaches read-only and checks the shape; <c>-1</c> matches any extent.</summary>
    public static ReadOnlySharedArray<T> AttachReadOnly<T>(string name, ReadOnlySpan<long> expectedShape, AttachOptions? options = null) where T : unmanaged =>
        WrapReadOnly<T>(TryAttachCore<T>(name, expectedShape, checkShape: true, writable: false, options) ?? throw NotFound<T>(name, expectedShape, checkShape: true, options?.Directory), name, options);

    /// <summary>Attaches read-only, or returns false when no segment has that name.</summary>
    public static bool TryAttachReadOnly<T>(string name, [NotNullWhen(true)] out ReadOnlySharedArray<T>? array, AttachOptions? options = null) where T : unmanaged =>
        (array = TryAttachCore<T>(name, default, checkShape: false, writable: false, options) is { } m ? WrapReadOnly<T>(m, name, options) : null) is not null;

    /// <summary>Attaches read-only with a shape check, or returns false when no segment has that name.</summary>
    public static bool TryAttachReadOnly<T>(string name, ReadOnlySpan<long> expectedShape, [NotNullWhen(true)] out ReadOnlySharedArray<T>? array, AttachOptions? options = null) where T : unmanaged =>
        (array = TryAttachCore<T>(name, expectedShape, checkShape: true, writable: false, options) is { } m ? WrapReadOnly<T>(m, name, options) : null) is not null;

    /// <summary>
    /// Removes the name (cdxcore's <c>delete_shared_array</c>). Processes that have the array mapped keep
    /// using it; the memory is freed when the last of them lets go. Returns whether the name is free now
    /// (true also when it did not exist). On Windows, where a mapping and its name go with its last handle,
    /// false means that the segment is deleted (no one can attach it any more) but still held by some
    /// process, with which it goes: a success all the same. A deletion that cannot happen throws.
    /// Another user's segment is refused (root included); see <see cref="DeleteOptions.DeleteForeignSegment"/>.
    /// </summary>
    /// <exception cref="IOException">Windows: the mapping was not made by SharedTyped (cdxcore, numpy), so it cannot be marked deleted.</exception>
    /// <exception cref="SharedArrayAccessException">The segment belongs to another user and <see cref="DeleteOptions.DeleteForeignSegment"/> is off.</exception>
    public static bool Delete(string name, DeleteOptions? options = null)
    {
        options ??= DeleteOptions.Default;
        SegmentName.Validate(name, Platform.MaxNameBytes);
        // Like cdxcore's verbose, report a deletion only when there was something to delete.
        var existed = options.Logger is not null && Platform.Exists(name, options.Directory);
        var free = Platform.Delete(name, options.Directory, options.DeleteForeignSegment);
        // Deleted is what no one can attach any more: on Windows a name that processes still hold is
        // marked deleted without being free yet (docs/guarantees.md, "Windows").
        if (existed && (free || !Platform.Exists(name, options.Directory)))
        {
            new ActivityLog(options.Logger).Deleted(name);
        }
        return free;
    }

    /// <summary>
    /// Checks <paramref name="name"/> as every call that takes a name does, without touching any segment: a valid
    /// name returns, an invalid one (empty, too long for this system, a '/' or a NUL in it, ...) throws.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is invalid; the message says why.</exception>
    public static void ValidateName(string name) => SegmentName.Validate(name, Platform.MaxNameBytes);

    /// <summary>Whether <paramref name="name"/> is a valid segment name on this system; if not, <paramref name="problem"/> says why.</summary>
    public static bool IsValidName(string name, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        problem = SegmentName.Problem(name, Platform.MaxNameBytes);
        return problem is null;
    }

    /// <summary>
    /// Whether a segment of that name exists. Only a look: it removes nothing, not even an orphaned
    /// <see cref="SegmentLifetime.LastProcessOut"/> segment, which the next attach, load or create removes.
    /// </summary>
    public static bool Exists(string name, string? directory = null)
    {
        SegmentName.Validate(name, Platform.MaxNameBytes);
        return Platform.Exists(name, directory);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is an open shared array of this library (cdxcore's
    /// <c>is_shared_array</c>, which always answers true; this one looks).
    /// </summary>
    public static bool IsShared(object? value) =>
        value is ISharedArray { IsDisposed: false };

    /// <summary>Whether the memory of <paramref name="span"/> lies inside a shared array this process has open.</summary>
    public static bool IsShared<T>(ReadOnlySpan<T> span) where T : unmanaged
    {
        if (span.IsEmpty)
        {
            return false;
        }
        fixed (T* start = span)
        {
            return SegmentMapping.Contains((byte*)start, (long)span.Length * sizeof(T));
        }
    }

    /// <summary>
    /// Reads a cdxcore <c>to_file</c> file into a new shared array (cdxcore's <c>read_shared_array</c>);
    /// with <see cref="LoadOptions.AcceptExisting"/> an existing array of the same type and shape is
    /// attached instead. All or nothing: a truncated or corrupt file leaves no segment behind.
    /// </summary>
    public static LoadResult<T> Load<T>(string file, string name, LoadOptions? options = null) where T : unmanaged =>
        Load<T>(file, name, default, checkShape: false, options, progress: null);

    /// <summary>Like <see cref="Load{T}(string, string, LoadOptions?)"/>, checking the file's shape first; <c>-1</c> matches any extent.</summary>
    public static LoadResult<T> Load<T>(string file, string name, ReadOnlySpan<long> expectedShape, LoadOptions? options = null) where T : unmanaged =>
        Load<T>(file, name, expectedShape, checkShape: true, options, progress: null);

    /// <summary>
    /// Like <see cref="Load{T}(string, string, LoadOptions?)"/>, returning a read-only array (cdxcore's
    /// <c>read_only=True</c>): an existing segment is attached read-only, a new one is filled and then
    /// mapped read-only, so this process holds no writable mapping of it afterwards.
    /// </summary>
    public static ReadOnlyLoadResult<T> LoadReadOnly<T>(string file, string name, LoadOptions? options = null) where T : unmanaged =>
        LoadReadOnly<T>(file, name, default, checkShape: false, options);

    /// <summary>Like <see cref="LoadReadOnly{T}(string, string, LoadOptions?)"/>, checking the file's shape first; <c>-1</c> matches any extent.</summary>
    public static ReadOnlyLoadResult<T> LoadReadOnly<T>(string file, string name, ReadOnlySpan<long> expectedShape, LoadOptions? options = null) where T : unmanaged =>
        LoadReadOnly<T>(file, name, expectedShape, checkShape: true, options);

    internal static LoadResult<T> Load<T>(string file, string name, ReadOnlySpan<long> expectedShape, bool checkShape, LoadOptions? options, Action<long>? progress) where T : unmanaged
    {
        options ??= LoadOptions.Default;
        progress ??= options.Progress is { } reporter ? reporter.Report : null;
        ValidateName<T>(name, expectedShape, checkShape);
        using var reader = new ArrayFile.Reader(file, name);
        reader.Layout.Check<T>(name, expectedShape, checkShape);
        var content = new FileContent(reader.Handle, reader.Layout.FileHeaderLength, file, name, progress);
        var (mapping, attached) = LoadMapping<T, FileContent>(file, name, reader.Layout, options, writable: true, ref content);
        return new LoadResult<T>(new SharedArray<T>(mapping, name, options.Lifetime, options.Logger), attached);
    }

    private static ReadOnlyLoadResult<T> LoadReadOnly<T>(string file, string name, ReadOnlySpan<long> expectedShape, bool checkShape, LoadOptions? options) where T : unmanaged
    {
        options ??= LoadOptions.Default;
        ValidateName<T>(name, expectedShape, checkShape);
        using var reader = new ArrayFile.Reader(file, name);
        reader.Layout.Check<T>(name, expectedShape, checkShape);
        var content = new FileContent(reader.Handle, reader.Layout.FileHeaderLength, file, name, options.Progress is { } reporter ? reporter.Report : null);
        var (mapping, attached) = LoadMapping<T, FileContent>(file, name, reader.Layout, options, writable: false, ref content);
        return new ReadOnlyLoadResult<T>(new ReadOnlySharedArray<T>(mapping, name, options.Lifetime, options.Logger), attached);
    }

    /// <summary>
    /// The load every file format shares (<c>to_file</c> here, <c>.npy</c> in <see cref="NpyFile"/>):
    /// attach an existing segment that matches <paramref name="layout"/> when allowed, else build one
    /// from <paramref name="content"/> with <see cref="SegmentTransaction"/>, holding for the lifetime;
    /// read-only, the new segment is mapped again read-only before the writable mapping that filled it goes.
    /// Whether it attached.
    /// </summary>
    internal static (SegmentMapping Mapping, bool Attached) LoadMapping<T, TContent>(string file, string name, SegmentLayout layout,
        LoadOptions options, bool writable, scoped ref TContent content) where T : unmanaged where TContent : ISegmentContent, allows ref struct
    {
        var attach = new AttachOptions { Lifetime = options.Lifetime, AcceptForeignSegment = options.AcceptForeignSegment, Directory = options.Directory, Logger = options.Logger };
        if (options.AcceptExisting && TryAttachCore<T>(name, layout.Shape, checkShape: true, writable, attach) is { } existing)
        {
            return (existing, true);
        }
        var request = new SegmentCreateRequest(options.Directory, options.Permissions, Force: false, options.Lifetime == SegmentLifetime.LastProcessOut)
        {
            HugePages = options.HugePages, Subject = HugePagesSubject<T>(name, layout.Shape, options.HugePages),
        };
        // Read-only, the writable mapping that fills the segment is a holder only for LastProcessOut,
        // so that the segment is never unheld; it must not delete the name as it goes.
        var buildLifetime = writable || options.Lifetime == SegmentLifetime.LastProcessOut ? options.Lifetime : SegmentLifetime.Persistent;
        SegmentMapping built;
        try
        {
            built = SegmentTransaction.Build(name, layout, request, buildLifetime, options.Logger, ref content);
        }
        catch (SharedArrayExistsException) when (options.AcceptExisting)
        {
            return (TryAttachCore<T>(name, layout.Shape, checkShape: true, writable, attach)
                ?? throw NotFound<T>(name, layout.Shape, checkShape: true, options.Directory), true);
        }
        catch (SharedArrayExistsException e)
        {
            throw Restated<T>(e, layout.Shape);
        }
        new ActivityLog(options.Logger).Loaded(name, file, layout.DataBytes);
        if (writable)
        {
            return (built, false);
        }
        // A LastProcessOut segment thus always has a holder in this process, and no window leaves it unheld.
        try
        {
            var readOnly = TryAttachCore<T>(name, layout.Shape, checkShape: true, writable: false, attach)
                ?? throw NotFound<T>(name, layout.Shape, checkShape: true, options.Directory);
            built.Native.HandOnHugePages(readOnly.Native);
            return (readOnly, false);
        }
        finally
        {
            built.Leave(buildLifetime);
            built.Release();
        }
    }


    /// <summary>How a huge-page failure names the array; nothing is made (no closure, no text) where pages are not asked for.</summary>
    private static Func<string>? HugePagesSubject<T>(string name, long[] shape, HugePages hugePages) where T : unmanaged =>
        hugePages == HugePages.Off ? null : () => Describe.Array<T>(name, shape);

    private static SharedArray<T> Create<T>(string name, ReadOnlySpan<long> shape, T fill, ReadOnlySpan<T> source, bool hasSource, CreateOptions? options) where T : unmanaged
    {
        options ??= CreateOptions.Default;
        ValidateName<T>(name, shape, hasShape: true);
        var layout = SegmentLayout.For<T>(name, shape);
        if (hasSource && source.Length != layout.ElementCount)
        {
            throw new ArgumentException(
                $"{Describe.Array<T>(name, shape)} has {layout.ElementCount} elements but the source has {source.Length}.", nameof(source));
        }
        var request = new SegmentCreateRequest(options.Directory, options.Permissions, options.Force, options.Lifetime == SegmentLifetime.LastProcessOut,
            options.ReplaceForeignSegment) { HugePages = options.HugePages, Subject = HugePagesSubject<T>(name, layout.Shape, options.HugePages) };
        SegmentMapping mapping;
        try
        {
            if (hasSource)
            {
                var content = new SpanContent<T>(source);
                mapping = SegmentTransaction.Build(name, layout, request, options.Lifetime, options.Logger, ref content);
            }
            else
            {
                var content = new FillContent<T>(fill);
                mapping = SegmentTransaction.Build(name, layout, request, options.Lifetime, options.Logger, ref content);
            }
        }
        catch (SharedArrayExistsException e)
        {
            throw Restated<T>(e, layout.Shape);
        }
        new ActivityLog(options.Logger).Created(name, ElementType<T>.Name, layout.Shape, layout.TotalBytes);
        return new SharedArray<T>(mapping, name, options.Lifetime, options.Logger);
    }

    private static SharedArray<T> Attach<T>(string name, ReadOnlySpan<long> expectedShape, bool checkShape, AttachOptions? options) where T : unmanaged =>
        Wrap<T>(TryAttachCore<T>(name, expectedShape, checkShape, writable: true, options) ?? throw NotFound<T>(name, expectedShape, checkShape, options?.Directory), name, options);

    private static SegmentMapping? TryAttachCore<T>(string name, ReadOnlySpan<long> expectedShape, bool checkShape, bool writable, AttachOptions? options) where T : unmanaged
    {
        options ??= AttachOptions.Default;
        ValidateName<T>(name, expectedShape, checkShape);
        NativeSegment? native;
        try
        {
            native = Platform.Open(name, new SegmentOpenRequest(options.Directory, writable, options.AcceptForeignSegment, options.Lifetime == SegmentLifetime.LastProcessOut));
        }
        catch (SharedArrayFormatException e)
        {
            throw Requested<T>(e, expectedShape, checkShape);
        }
        if (native is null)
        {
            return null;
        }
        var mapping = MapOpened<T>(native, name, expectedShape, checkShape);
        try
        {
            // Checked against the layout of the very mapping the array will use, shared or fresh.
            mapping.Layout.Check<T>(name, expectedShape, checkShape);
            if (mapping.Layout.DataOffset % ElementType<T>.Alignment != 0)
            {
                throw new SharedArrayFormatException($"Shared array '{name}': data offset {mapping.Layout.DataOffset} is not aligned for {ElementType<T>.Name}.");
            }
        }
        catch
        {
            mapping.Release();
            throw;
        }
        bool joined;
        try
        {
            joined = mapping.Join(options.Lifetime, name, options.LockTimeout, options.Logger);
        }
        catch
        {
            mapping.Release();
            throw;
        }
        if (!joined)
        {
            // Removed by the last holder while we attached: as good as not there.
            mapping.Release();
            return null;
        }
        new ActivityLog(options.Logger).Attached(name, ElementType<T>.Name, mapping.Layout.Shape, !writable);
        return mapping;
    }

    /// <summary>
    /// The mapping of an opened segment: the one this process has already, if it still matches the
    /// segment's size and header bytes (then <paramref name="native"/> is closed unmapped), else
    /// <paramref name="native"/> mapped and its header parsed and validated afresh.
    /// </summary>
    private static SegmentMapping MapOpened<T>(NativeSegment native, string name, ReadOnlySpan<long> expectedShape, bool checkShape) where T : unmanaged
    {
        if (SegmentMapping.TryShare(native) is { } shared)
        {
            native.Dispose();
            return shared;
        }
        try
        {
            native.EnsureMapped(name);
            SegmentLayout layout;
            try
            {
                layout = ParseHeader(native, name);
            }
            catch (SharedArrayFormatException e)
            {
                throw Requested<T>(e, expectedShape, checkShape);
            }
            return SegmentMapping.Register(native, layout);
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    internal static SegmentLayout ParseHeader(NativeSegment native, string name) =>
        SegmentLayout.Parse(new ReadOnlySpan<byte>(native.Address, (int)Math.Min(native.Length, SegmentLayout.MaxHeaderBytes)),
            native.Length, HeaderSubject.Segment(name), isFile: false);

    /// <summary>
    /// Checks the name; a bad one is reported with what the typed call asked for. The message is built
    /// only on failure, so a good name costs the attach path no formatting.
    /// </summary>
    private static void ValidateName<T>(string name, ReadOnlySpan<long> shape, bool hasShape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        if (SegmentName.Problem(name, Platform.MaxNameBytes) is { } problem)
        {
            throw new ArgumentException(
                $"Shared array name '{SegmentName.Printable(name)}' is invalid: {problem} (requested {Describe.Request<T>(shape, hasShape)}).", nameof(name));
        }
    }

    /// <summary>A corrupt-segment error of a typed call, restated with what that call asked for.</summary>
    private static SharedArrayFormatException Requested<T>(SharedArrayFormatException e, ReadOnlySpan<long> shape, bool hasShape) where T : unmanaged =>
        new($"{e.Message.TrimEnd('.')} (requested {Describe.Request<T>(shape, hasShape)}).", e);

    /// <summary>A taken name, reported with what the caller asked to create.</summary>
    private static SharedArrayExistsException Restated<T>(SharedArrayExistsException e, long[] shape) where T : unmanaged =>
        e.Requested(Describe.Request<T>(shape));

    private static SharedArray<T> Wrap<T>(SegmentMapping mapping, string name, AttachOptions? options) where T : unmanaged =>
        new(mapping, name, options?.Lifetime ?? SegmentLifetime.Persistent, options?.Logger);

    private static ReadOnlySharedArray<T> WrapReadOnly<T>(SegmentMapping mapping, string name, AttachOptions? options) where T : unmanaged =>
        new(mapping, name, options?.Lifetime ?? SegmentLifetime.Persistent, options?.Logger);

    internal static SharedArrayNotFoundException NotFound(string name, string? directory) =>
        new($"Shared array '{name}' does not exist ('{Platform.Locate(name, directory)}').", Platform.Locate(name, directory));

    private static SharedArrayNotFoundException NotFound<T>(string name, ReadOnlySpan<long> expectedShape, bool checkShape, string? directory) where T : unmanaged =>
        new($"Shared array '{name}' does not exist ('{Platform.Locate(name, directory)}'); requested {Describe.Request<T>(expectedShape, checkShape)}.",
            Platform.Locate(name, directory));
}

/// <summary>The array <c>Load</c> produced and whether it attached to an existing segment (cdxcore's <c>return_status</c>).</summary>
/// <param name="Array">The shared array.</param>
/// <param name="Attached">True when an existing segment was attached, false when the file was read into a new one.</param>
public readonly record struct LoadResult<T>(SharedArray<T> Array, bool Attached) where T : unmanaged;

/// <summary>The read-only array <c>LoadReadOnly</c> produced and whether it attached to an existing segment.</summary>
/// <param name="Array">The read-only shared array.</param>
/// <param name="Attached">True when an existing segment was attached, false when the file was read into a new one.</param>
public readonly record struct ReadOnlyLoadResult<T>(ReadOnlySharedArray<T> Array, bool Attached) where T : unmanaged;

/// <summary>
/// What every shared array offers whatever its element type: <see cref="SharedArray{T}"/>,
/// <see cref="ReadOnlySharedArray{T}"/> and the types the generator makes from <c>[SharedArray]</c>
/// declarations. <see cref="SharedArray.IsShared(object?)"/> recognises an array by it.
/// </summary>
public interface ISharedArray : IDisposable
{
    /// <summary>The segment name.</summary>
    /// <exception cref="ObjectDisposedException">The array has been disposed.</exception>
    string Name { get; }

    /// <summary>The extent of each dimension; empty for a scalar.</summary>
    /// <exception cref="ObjectDisposedException">The array has been disposed.</exception>
    ReadOnlySpan<long> Shape { get; }

    /// <summary>Whether the array has been disposed.</summary>
    bool IsDisposed { get; }
}
