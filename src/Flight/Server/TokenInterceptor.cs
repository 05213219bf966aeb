using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace SharedTyped.Flight;

/// <summary>
/// Admits a call only with the server's bearer token (when it has one), and a <c>DoPut</c> only when
/// puts are allowed. Tokens are compared as hashes in constant time, so the comparison's duration tells
/// nothing about the token. It guards the Flight service's calls only, so a host may map it beside services of its own.
/// </summary>
internal sealed class TokenInterceptor(SharedArrayFlightServerOptions options) : Interceptor
{
    private const string Scheme = "Bearer ";
    private const string FlightMethods = "/arrow.flight.protocol.FlightService/";
    private readonly byte[]? _tokenHash = options.Token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        if (!context.Method.StartsWith(FlightMethods, StringComparison.Ordinal))
        {
            // Another service of a host that maps the Flight service beside its own: its own rules apply.
            return;
        }
        if (_tokenHash is not null)
        {
            var header = context.RequestHeaders.GetValue("authorization");
            if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated,
                    "This server needs a bearer token (header 'authorization: Bearer TOKEN')."));
            }
            var offered = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
            if (!CryptographicOperations.FixedTimeEquals(offered, _tokenHash))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "The bearer token is not this server's."));
            }
        }
        if (!options.AllowPut && context.Method.EndsWith("/DoPut", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "This server does not accept DoPut (start it with puts allowed)."));
        }
    }
}
