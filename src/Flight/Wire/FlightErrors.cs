using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>What a failed call says, in the words of this library's exceptions.</summary>
internal static class FlightErrors
{
    /// <summary><c>Unauthenticated (the bearer token is not this server's)</c>; a passed deadline says so in words.</summary>
    public static string Describe(RpcException e) => e.StatusCode == StatusCode.DeadlineExceeded
        ? "no answer within the call's deadline (DeadlineExceeded; FlightConnectionOptions.CallTimeout)"
        : string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : $"{e.StatusCode} ({e.Status.Detail.TrimEnd('.')})";

    /// <summary>A refused call as the exception a local call of the same kind would throw.</summary>
    public static Exception FromRpc(RpcException e, string what, string? path = null) => e.StatusCode switch
    {
        StatusCode.NotFound => new SharedArrayNotFoundException($"{what}: {Describe(e)}.", path, e),
        _ => new SharedArrayFlightException($"{what}: {Describe(e)}.", e),
    };

    /// <summary>
    /// Whether a failure may pass by itself: the server restarting, unreachable, busy, or the array briefly missing
    /// while replaced. (A caller asks only when its own token is not cancelled, so a cancellation here is the connection's.)
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        SharedArrayNotFoundException => true,
        SharedArrayFlightException { InnerException: RpcException rpc } => IsTransient(rpc.StatusCode),
        RpcException rpc => IsTransient(rpc.StatusCode),
        System.Net.Http.HttpRequestException or System.Net.Sockets.SocketException or OperationCanceledException => true,
        _ => false,
    };

    private static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
        or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Cancelled;
}
