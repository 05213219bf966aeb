using Grpc.Core;

namespace SharedTyped.Flight;

/// <summary>
/// Counts the <c>wait_for_version</c> calls pending on one server and on each client connection, and
/// refuses one beyond either cap with <c>ResourceExhausted</c>: a client cannot make the server hold more
/// waits than <see cref="SharedArrayFlightServerOptions.MaxPendingWaits"/>.
/// </summary>
internal sealed class WaitAdmission(SharedArrayFlightServerOptions options)
{
    private readonly Dictionary<string, int> _perConnection = new(StringComparer.Ordinal);
    private int _pending;

    /// <summary>Admits one wait from <paramref name="connection"/>; dispose the ticket when it ends.</summary>
    public Ticket Admit(string connection)
    {
        lock (_perConnection)
        {
            if (_pending >= options.MaxPendingWaits)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"This server holds {_pending} pending waits, its limit (MaxPendingWaits); ask again later."));
            }
            _perConnection.TryGetValue(connection, out var mine);
            if (mine >= options.MaxPendingWaitsPerConnection)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"This connection has {mine} pending waits, the limit per connection (MaxPendingWaitsPerConnection); ask again later."));
            }
            _perConnection[connection] = mine + 1;
            _pending++;
        }
        return new Ticket(this, connection);
    }

    /// <summary>The waits pending now.</summary>
    public int Pending
    {
        get
        {
            lock (_perConnection)
            {
                return _pending;
            }
        }
    }

    private void Release(string connection)
    {
        lock (_perConnection)
        {
            _pending--;
            if (--_perConnection[connection] == 0)
            {
                _perConnection.Remove(connection);
            }
        }
    }

    /// <summary>One admitted wait; releasing it twice is harmless.</summary>
    public sealed class Ticket(WaitAdmission admission, string connection) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                admission.Release(connection);
            }
        }
    }
}
