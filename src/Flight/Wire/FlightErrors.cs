using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>What a failed call says, in the words of this library's exceptions.</summary>
internal static class FlightErrors
{
    /// <summary><c>Unauthenticated (the bearer token is not this server's)</c>.</summary>
    public static string Describe(RpcException e) =>
        string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : $"{e.StatusCode} ({e.Status.Detail.TrimEnd('.')})";

    /// <summary>A refused call as the exception a local call of the same kind would throw.</summary>
    public static Exception FromRpc(RpcException e, string what, string? path = null) => e.StatusCode switch
    {
        StatusCode.NotFound => new SharedArrayNotFoundException($"{what}: {Describe(e)}.", path, e),
        _ => new SharedArrayFlightException($"{what}: {Describe(e)}.", e),
    };
}
