using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>How the server reports a failed call: each of the runtime's exceptions as the gRPC status a client can act on.</summary>
internal static class StatusMapping
{
    public static RpcException ToRpc(Exception e) => e switch
    {
        RpcException rpc => rpc,
        SharedArrayNotFoundException => Fail(StatusCode.NotFound, e),
        SharedArrayAccessException or UnauthorizedAccessException => Fail(StatusCode.PermissionDenied, e),
        SharedArrayMismatchException or SharedArrayFormatException or NotSupportedException => Fail(StatusCode.FailedPrecondition, e),
        SharedArrayExistsException => Fail(StatusCode.AlreadyExists, e),
        SharedArrayOutOfSpaceException => Fail(StatusCode.ResourceExhausted, e),
        SharedArrayFlightException or ArgumentException => Fail(StatusCode.InvalidArgument, e),
        OperationCanceledException => Fail(StatusCode.Cancelled, e),
        _ => new RpcException(new Status(StatusCode.Internal, $"{e.GetType().Name}: {e.Message}")),
    };

    private static RpcException Fail(StatusCode code, Exception e) => new(new Status(code, e.Message));
}
