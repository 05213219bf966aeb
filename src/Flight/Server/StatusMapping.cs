using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// How the server reports a failed call: the kind of each exception (src/Shared/Errors/FailureKind.cs, which the CLI's
/// exit codes use too) as the gRPC status a client can act on.
/// </summary>
internal static class StatusMapping
{
    public static RpcException ToRpc(Exception e) => e is RpcException rpc ? rpc : FailureKinds.Of(e) switch
    {
        FailureKind.NotFound => Fail(StatusCode.NotFound, e),
        FailureKind.Exists => Fail(StatusCode.AlreadyExists, e),
        FailureKind.Denied => Fail(StatusCode.PermissionDenied, e),
        FailureKind.Mismatch => Fail(StatusCode.FailedPrecondition, e),
        FailureKind.InvalidRequest => Fail(StatusCode.InvalidArgument, e),
        FailureKind.OutOfSpace => Fail(StatusCode.ResourceExhausted, e),
        FailureKind.Cancelled => Fail(StatusCode.Cancelled, e),
        // An I/O failure of the server's own, or a bug: the client can do nothing about either.
        _ => new RpcException(new Status(StatusCode.Internal, $"{e.GetType().Name}: {e.Message}")),
    };

    private static RpcException Fail(StatusCode code, Exception e) => new(new Status(code, e.Message));
}
