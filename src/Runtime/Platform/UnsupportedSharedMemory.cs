namespace SharedTyped;

/// <summary>Every call fails clearly on a system SharedTyped has no shared-memory layer for.</summary>
internal sealed class UnsupportedSharedMemory : ISharedMemoryPlatform
{
    public int MaxNameBytes => CodeAnalysis.SegmentNameRules.MaxBytes;

    public string Locate(string name, string? directory) => name;

    public NativeSegment CreateHidden(string name, long length, in SegmentCreateRequest request) => throw Unsupported();

    public void Publish(NativeSegment segment, string name, in SegmentCreateRequest request) => throw Unsupported();

    public NativeSegment? Open(string name, in SegmentOpenRequest request) => throw Unsupported();

    public bool Delete(string name, string? directory, bool allowForeignOwner) => throw Unsupported();

    public bool Exists(string name, string? directory) => throw Unsupported();

    public IReadOnlyList<string> List(string? directory) => throw Unsupported();

    public HugePageSupport DescribeHugePages(string? directory) => NoHugePages.Describe(System.Runtime.InteropServices.RuntimeInformation.OSDescription);

    private static PlatformNotSupportedException Unsupported() =>
        new($"SharedTyped supports Linux, macOS and Windows; this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
}
