namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>Runs <c>SharedTyped.Generated.Peer</c> (copied to <c>peer/</c> by the build; see <see cref="PeerCommand"/>) in this run's segment directory.</summary>
internal static class Peer
{
    public static string DllPath => PeerCommand.Locate("peer", "SharedTyped.Generated.Peer.dll");

    public static ProcessResult Run(params string[] arguments) =>
        PeerCommand.Run(DllPath, arguments, SegmentDirectory.Path is null ? null : new Dictionary<string, string?> { [SegmentDirectory.Variable] = SegmentDirectory.Path });
}
