namespace SharedTyped;

/// <summary>What a new segment needs from the operating system.</summary>
/// <remarks><c>AllowForeignOwner</c>: whether Force may replace another user's segment.</remarks>
internal readonly partial record struct SegmentCreateRequest(string? Directory, SegmentPermissions Permissions, bool Force, bool LastProcessOut, bool AllowForeignOwner = false);

/// <summary>How an existing segment is opened.</summary>
/// <remarks>
/// <c>LookOnly</c>: the open only looks (<c>Inspect</c>, <c>Stat</c>), and an orphaned LastProcessOut segment is
/// reported as it is instead of removed; looking never removes anything (docs/guarantees.md).
/// </remarks>
internal readonly record struct SegmentOpenRequest(string? Directory, bool Writable, bool AllowForeignOwner, bool LastProcessOut, bool LookOnly = false)
{
    /// <summary>What the open does to the segment, as a refusal names it ("inspect" or "attach"; see <see cref="ForeignSegment"/>).</summary>
    public string Action => LookOnly ? "inspect" : "attach";
}

/// <summary>
/// The seam between the runtime and one operating system's shared memory. Creation is split in two
/// so that a segment is built where nobody can see it and then published whole under its name.
/// </summary>
internal interface ISharedMemoryPlatform
{
    /// <summary>The longest name, in UTF-8 bytes, the system accepts.</summary>
    int MaxNameBytes { get; }

    /// <summary>Namespace prefixes a name may start with (Windows: <c>Local\</c>, <c>Global\</c>); the rest obeys the name rule.</summary>
    IReadOnlyList<string> NamePrefixes => [];

    /// <summary>Where the name lives, for messages (<c>/dev/shm/prices</c>).</summary>
    string Locate(string name, string? directory);

    /// <summary>A mapped, writable, zero-filled segment of <paramref name="length"/> bytes that no other process can open yet.</summary>
    NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request);

    /// <summary>Makes a hidden segment visible under <paramref name="name"/>, atomically; throws <see cref="SharedArrayExistsException"/> if the name is taken.</summary>
    void Publish(NativeSegment segment, string name, in SegmentCreateRequest request);

    /// <summary>
    /// Opens the segment of that name, or returns <c>null</c> when there is none. The segment may come
    /// back unmapped; <see cref="NativeSegment.EnsureMapped"/> maps it, so that a segment this process
    /// already maps is not mapped twice.
    /// </summary>
    NativeSegment? Open(string name, in SegmentOpenRequest request);

    /// <summary>
    /// What holds a name that an attach does not find, where the system can name a segment that cannot be
    /// attached: on Windows a mapping is named from its creation on (<see cref="PendingName.BeingCreated"/>
    /// until its creator publishes it) and until its last handle goes (<see cref="PendingName.Deleted"/>).
    /// Where a segment is published whole under its name and deleting frees the name (Linux, macOS) there
    /// is no such state. A look that takes nothing: the answer may be stale by the time it is read.
    /// </summary>
    PendingName Pending(string name, string? directory) => PendingName.None;

    /// <summary>Removes the name, refusing another user's segment unless <paramref name="allowForeignOwner"/>; whether the name is free now.</summary>
    bool Delete(string name, string? directory, bool allowForeignOwner);

    /// <summary>Whether a segment of that name exists.</summary>
    bool Exists(string name, string? directory);

    /// <summary>The names in the shared-memory namespace, where the system can list them.</summary>
    IReadOnlyList<string> List(string? directory);

    /// <summary>Whether new segments there can have huge pages, and how to enable them.</summary>
    HugePageSupport DescribeHugePages(string? directory);

    /// <summary>The programs <see cref="SegmentLifetime.LastProcessOut"/> runs, and where each was found; none where it runs nothing.</summary>
    IReadOnlyList<SystemTool> LastProcessOutTools() => [];

    /// <summary>The directory segments live in, or null where shared memory is not a directory.</summary>
    string? SegmentDirectory(string? directory) => null;

    /// <summary>
    /// Size, owner and mode of the name, or null when nothing has it. Where the system cannot tell without
    /// opening, this opens read-only (which needs read permission) and cannot name the holders.
    /// </summary>
    SegmentStat? Stat(string name, string? directory)
    {
        using var native = Open(name, new SegmentOpenRequest(directory, Writable: false, AllowForeignOwner: true, LastProcessOut: false, LookOnly: true));
        return native is null ? null : new SegmentStat(name, Locate(name, directory), native.Length, native.OwnerId, native.Mode, IsRegularFile: true, Holders: null);
    }
}

/// <summary>What holds a name that no attach can find (<see cref="ISharedMemoryPlatform.Pending"/>).</summary>
internal enum PendingName
{
    /// <summary>Nothing, as far as an attach can tell: the name is free, or was freed since.</summary>
    None,

    /// <summary>A segment that its creator has not published yet.</summary>
    BeingCreated,

    /// <summary>A segment that was deleted and that some process still holds open, which keeps the name taken.</summary>
    Deleted,
}

/// <summary>The platform this process runs on.</summary>
internal static class SharedMemoryPlatform
{
    public static ISharedMemoryPlatform Current { get; } =
        OperatingSystem.IsLinux() ? new LinuxSharedMemory()
        : OperatingSystem.IsMacOS() ? new MacSharedMemory()
        : OperatingSystem.IsWindows() ? new WindowsSharedMemory()
        : new UnsupportedSharedMemory();
}
