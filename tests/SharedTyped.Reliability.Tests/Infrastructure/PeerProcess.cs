namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Runs of SharedTyped.Reliability.Peer (copied to <c>peer/</c> beside the tests): real second processes,
/// started through the shared <see cref="ChildProcess"/>, whose stdout lines the test waits for.
/// </summary>
internal static class PeerProcess
{
    /// <summary>How long a test waits for a peer's line or exit before it fails.</summary>
    public static TimeSpan Patience => ChildProcess.Timeout;

    public static ChildProcess Start(params string[] arguments) => Start(null, arguments);

    public static ChildProcess Start(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        StartUnder([], environment, arguments);

    /// <summary>
    /// Runs the peer through <paramref name="wrapper"/> (e.g. <c>unshare -m</c>), which must exec it
    /// so that <see cref="ChildProcess.Id"/> is the peer's own process id.
    /// </summary>
    public static ChildProcess StartUnder(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        PeerCommand.Start(PeerCommand.Locate("peer", "SharedTyped.Reliability.Peer.dll"), arguments, environment, wrapper);
}
